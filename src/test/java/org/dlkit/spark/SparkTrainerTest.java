package org.dlkit.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.apache.spark.api.java.JavaSparkContext;
import org.dlkit.data.DataSet;
import org.dlkit.nn.Network;
import org.dlkit.nn.SoftmaxCrossEntropy;
import org.dlkit.parallel.Flat;
import org.dlkit.train.History;
import org.dlkit.train.Sgd;
import org.dlkit.train.Trainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** Trains through Spark in local mode, two worker threads, on a small problem of 20 features. */
class SparkTrainerTest {
    private static JavaSparkContext spark;

    @BeforeAll
    static void start() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        spark = LocalSpark.start(2);
    }

    @AfterAll
    static void stop() {
        if (spark != null) spark.close();
    }

    /** n examples of 20 features; the class is the sign pattern of two fixed projections. */
    static DataSet data(int n, long seed) {
        var random = new Random(seed);
        float[] x = new float[n * 20], y = new float[n * 4];
        for (int i = 0; i < n; i++) {
            double a = 0, b = 0;
            for (int d = 0; d < 20; d++) {
                x[i * 20 + d] = (float) random.nextGaussian();
                a += (d % 2 == 0 ? 1 : -1) * x[i * 20 + d];
                b += (d < 10 ? 1 : -1) * x[i * 20 + d];
            }
            y[i * 4 + (a > 0 ? 1 : 0) + (b > 0 ? 2 : 0)] = 1;
        }
        return new DataSet(
                "signs",
                Nd4j.create(x, new long[] {n, 20}, 'c'),
                Nd4j.create(y, new long[] {n, 4}, 'c'));
    }

    private static final Recipe RECIPE = Recipes.mlp(7, 20, 32, 4);

    @Test
    void twoSparkWorkersGiveTheGradientAndTheStepOfOneMachine() {
        DataSet batch = data(64, 1);
        var trainer = new SparkTrainer(spark, RECIPE, data(100, 2), 2);
        Network single = RECIPE.network();
        assertArrayEquals(Flat.values(single), Flat.values(trainer.network()));
        var one = new Trainer(single, new SoftmaxCrossEntropy(), new Sgd(0.5));
        var sgd = new Sgd(0.5);
        for (int s = 0; s < 3; s++) {
            double a = one.step(batch.x(), batch.y());
            double b = trainer.step(batch, sgd);
            assertEquals(a, b, 1e-5, "loss of step " + s);
        }
        float[] w1 = Flat.values(single), wk = Flat.values(trainer.network());
        double max = 0;
        for (int i = 0; i < w1.length; i++) max = Math.max(max, Math.abs(w1[i] - wk[i]));
        assertTrue(max < 1e-5, "Spark's step differs from one machine's by " + max);
    }

    @Test
    void averagingAfterEveryStepIsSynchronousSgd() {
        DataSet train = data(400, 3);
        var sync = new SparkTrainer(spark, RECIPE, train, 2);
        History h = sync.synchronous(new Sgd(0.3), 1, 20, 11, null);
        var avg = new SparkTrainer(spark, RECIPE, train, 2);
        History g = avg.averaging(0.3, 1, 1, 20, 11, null);
        assertEquals(1, h.epochs());
        assertEquals(h.last(History.TRAIN_LOSS), g.last(History.TRAIN_LOSS), 1e-5);
        float[] a = Flat.values(sync.network()), b = Flat.values(avg.network());
        double max = 0;
        for (int i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
        assertTrue(max < 1e-4, "averaging every step differs from synchronous SGD by " + max);
    }

    @Test
    void bothWaysLearnTheProblem() {
        DataSet train = data(2000, 4), validation = data(500, 5);
        double start =
                Trainer.evaluate(RECIPE.network(), new SoftmaxCrossEntropy(), validation)
                        .accuracy();
        var sync = new SparkTrainer(spark, RECIPE, train, 2);
        History h = sync.synchronous(new Sgd(0.5), 3, 25, 1, validation);
        var avg = new SparkTrainer(spark, RECIPE, train, 2);
        History g = avg.averaging(0.5, 5, 3, 25, 1, validation);
        assertEquals(3, h.epochs());
        assertTrue(
                h.last(History.VALIDATION_ACCURACY) > 0.85,
                start + " → " + h.last(History.VALIDATION_ACCURACY));
        assertTrue(
                g.last(History.VALIDATION_ACCURACY) > 0.85,
                start + " → " + g.last(History.VALIDATION_ACCURACY));
        assertTrue(
                h.provenance().contains("local[2]") && g.provenance().contains("every 5 steps"),
                g.provenance());
    }

    @Test
    void aBatchTooLargeForAShardIsRefusedBeforeAnyJob() {
        var trainer = new SparkTrainer(spark, RECIPE, data(40, 3), 2);
        var e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> trainer.synchronous(new Sgd(0.1), 1, 30, 1, null));
        assertTrue(e.getMessage().contains("shard of 20 examples"), e.getMessage());
    }

    @Test
    void aTaskCarriesItsShardsIndexNotItsData() {
        // 2 000 examples of 20 features: 80 KB of floats per shard
        var trainer = new SparkTrainer(spark, RECIPE, data(4000, 3), 2);
        assertTrue(trainer.partitionBytes() < 4_000, trainer.partitionBytes() + " bytes");
    }

    @Test
    void aStepsBroadcastIsGoneFromTheBlockManagerWhenItsReleaseReturns() {
        var blocks = org.apache.spark.SparkEnv.get().blockManager();
        for (int round = 0; round < 20; round++) {
            var w = spark.broadcast(new float[50_000]);
            // a task reads it, so its value and pieces are blocks of the local block manager
            assertEquals(
                    2L,
                    spark.parallelize(java.util.List.of(1, 2), 2)
                            .filter(i -> w.value().length > 0)
                            .count());
            long id = w.id();
            SparkTrainer.release(w);
            for (String part : new String[] {"", "piece0"})
                assertTrue(
                        blocks.getStatus(new org.apache.spark.storage.BroadcastBlockId(id, part))
                                .isEmpty(),
                        "broadcast " + id + " block '" + part + "' is still there");
        }
    }

    @Test
    void aClosedTrainerLeavesNoShardInTheWorkersAndSaysSoWhenUsed() {
        var blocks = org.apache.spark.SparkEnv.get().blockManager();
        var trainer = new SparkTrainer(spark, RECIPE, data(400, 3), 2);
        int id = trainer.shardsId();
        for (int p = 0; p < 2; p++)
            assertTrue(
                    blocks.getStatus(new org.apache.spark.storage.RDDBlockId(id, p)).isDefined(),
                    "shard " + p + " is not in the block manager before close");
        trainer.synchronous(new Sgd(0.1), 1, 20, 1, null);
        trainer.close();
        for (int p = 0; p < 2; p++)
            assertTrue(
                    blocks.getStatus(new org.apache.spark.storage.RDDBlockId(id, p)).isEmpty(),
                    "shard " + p + " is still in the block manager after close");
        var e =
                assertThrows(
                        IllegalStateException.class,
                        () -> trainer.synchronous(new Sgd(0.1), 1, 20, 1, null));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        trainer.close(); // twice is harmless
        // the trained network stays, and a gradient of an explicit batch needs no shard
        assertEquals(20, trainer.gradient(data(20, 4)).count());
    }

    @Test
    void theJvmHasTheFlagsSparkNeeds() {
        assertDoesNotThrow(LocalSpark::requireOpens);
    }
}
