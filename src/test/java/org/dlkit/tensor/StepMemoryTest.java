package org.dlkit.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dlkit.data.DataSet;
import org.dlkit.nn.Dense;
import org.dlkit.nn.Init;
import org.dlkit.nn.Mode;
import org.dlkit.nn.Network;
import org.dlkit.nn.Relu;
import org.dlkit.nn.SoftmaxCrossEntropy;
import org.dlkit.train.Trainer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class StepMemoryTest {

    private static Network small() {
        return new Network(
                "small",
                new Dense("hidden", 20, 64, Init.HE, 1),
                new Relu("relu"),
                new Dense("output", 64, 3, Init.XAVIER, 2));
    }

    /**
     * A prediction in pieces gives its block back when it ends, and leaves the layers' caches in
     * ordinary memory: a backward pass after it reads one example's cache, not a freed block.
     */
    @Test
    void aPredictionGivesItsBlockBackAndLeavesUsableCaches() {
        Network net = small();
        INDArray x = Nd4j.rand(DataType.FLOAT, 2_500, 20);
        INDArray onePass = net.forward(x, Mode.EVAL);
        assertEquals(onePass, net.predict(x));
        assertEquals(0, StepMemory.size("predict"), "no block kept after predict");
        INDArray dX = net.backward(Nd4j.ones(DataType.FLOAT, 1, 3));
        assertEquals(1, dX.size(0), "the caches are one example's, made after the block");
        assertTrue(Double.isFinite(dX.sumNumber().doubleValue()));
    }

    @Test
    void anEvaluationGivesItsBlockBack() {
        Network net = small();
        INDArray x = Nd4j.rand(DataType.FLOAT, 2_500, 20);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 2_500, 3);
        for (int i = 0; i < 2_500; i++) y.putScalar(i, i % 3, 1);
        var e = Trainer.evaluate(net, new SoftmaxCrossEntropy(), new DataSet("toy", x, y));
        assertTrue(Double.isFinite(e.loss()));
        assertEquals(0, StepMemory.size("evaluate"), "no block kept after evaluate");
    }

    @Test
    void anOpenBlockIsNotReleased() {
        try (var m = StepMemory.open("test-open")) {
            INDArray a = Nd4j.ones(DataType.FLOAT, 1_000);
            StepMemory.release("test-open"); // open: refused, quietly
            assertEquals(2_000, Nd4j.ones(DataType.FLOAT, 1_000).addi(a).sumNumber().intValue());
        }
        StepMemory.release("test-open");
        assertEquals(0, StepMemory.size("test-open"));
    }
}
