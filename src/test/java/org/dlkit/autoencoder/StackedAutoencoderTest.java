package org.dlkit.autoencoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dlkit.data.DataSet;
import org.dlkit.nn.Network;
import org.dlkit.nn.Parameter;
import org.dlkit.nn.Relu;
import org.dlkit.nn.SoftmaxCrossEntropy;
import org.dlkit.train.Adam;
import org.dlkit.train.History;
import org.dlkit.train.TrainConfig;
import org.dlkit.train.Trainer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

class StackedAutoencoderTest {

    /** 400 rows of 20 values in (0, 1) that really have 4 degrees of freedom. */
    private static INDArray structured() {
        Nd4j.getRandom().setSeed(3);
        INDArray factors = Nd4j.randn(400, 4);
        INDArray mixing = Nd4j.randn(4, 20);
        return Transforms.sigmoid(factors.mmul(mixing));
    }

    private static List<INDArray> values(List<Parameter> ps) {
        return ps.stream().map(p -> p.value().dup()).toList();
    }

    @Test
    void eachGreedyStepTrainsItsOwnLevelOnTheCodesOfTheLevelsBelow() {
        INDArray x = structured();
        DataSet data = new DataSet("structured", x, x).inputsAsTargets();
        var stack = new StackedAutoencoder("stack", 20, new int[] {10, 4}, Relu::new, 1);
        assertEquals("StackedAutoencoder[stack](20-10-4)", stack.toString());
        double before = stack.levels().get(0).error(x);

        var level1 = values(stack.levels().get(0).network().params());
        History h2 =
                stack.pretrainLevel(2, data, null, new Adam(0.01), TrainConfig.of(5, 32, 1), null);
        assertEquals(level1, values(stack.levels().get(0).network().params()), "level 1 fixed");
        assertTrue(h2.provenance().contains("level-1 codes"), h2.provenance());
        assertTrue(h2.toString().contains("last training loss"), "no validation: " + h2);

        List<History> all =
                stack.pretrain(data, data, () -> new Adam(0.01), TrainConfig.of(60, 32, 1), null);
        assertEquals(2, all.size());
        double after = stack.levels().get(0).error(x);
        assertTrue(after < before / 4, "level 1 learned to reconstruct: " + before + " → " + after);
        INDArray codes1 = stack.codes(x, 1);
        double level2 = stack.levels().get(1).error(codes1);
        double level2Start =
                new StackedAutoencoder("fresh", 20, new int[] {10, 4}, Relu::new, 1)
                        .levels()
                        .get(1)
                        .error(codes1);
        assertTrue(level2 < level2Start / 2, "level 2 learned: " + level2Start + " → " + level2);
        assertEquals(4, stack.codes(x, 2).size(1));
        assertEquals(
                List.of(400L, 20L),
                List.of(stack.reconstruct(x).shape()[0], stack.reconstruct(x).shape()[1]));
        assertSame(x, stack.codes(x, 0));
    }

    @Test
    void theClassifierSharesTheEncodersAndAFrozenStackStaysPut() {
        var stack = new StackedAutoencoder("stack", 20, new int[] {10, 4}, Relu::new, 1);
        Network net = stack.classifier("classifier", 3, 9);
        assertEquals(20 * 10 + 10 + 10 * 4 + 4 + 4 * 3 + 3, net.parameterCount());
        assertSame(stack.encoder().layers().get(0), net.layers().get(0), "the same encoder");
        INDArray x = structured().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 90));
        INDArray labels = Nd4j.zeros(90, 3);
        for (int i = 0; i < 90; i++) labels.putScalar(i, i % 3, 1);
        DataSet d = new DataSet("labelled", x, labels);

        stack.freezeEncoders(true);
        var encoderBefore = values(stack.encoder().params());
        var outputBefore = net.layers().get(2).params().get(0).value().dup();
        new Trainer(net, new SoftmaxCrossEntropy(), new Adam(0.01))
                .fit(d, null, TrainConfig.of(3, 30, 1));
        assertEquals(encoderBefore, values(stack.encoder().params()), "frozen: features fixed");
        assertNotEquals(outputBefore, net.layers().get(2).params().get(0).value());

        stack.freezeEncoders(false);
        new Trainer(net, new SoftmaxCrossEntropy(), new Adam(0.01))
                .fit(d, null, TrainConfig.of(3, 30, 1));
        assertNotEquals(encoderBefore, values(stack.encoder().params()), "fine-tuning moves them");
        assertNotEquals(
                encoderBefore.get(0),
                stack.levels().get(0).firstLayer().weights().value(),
                "…in the level-1 autoencoder too");
    }

    @Test
    void levelsOutOfRangeAreNamed() {
        var stack = new StackedAutoencoder("s", 20, new int[] {10}, Relu::new, 1);
        var e =
                assertThrows(
                        IllegalArgumentException.class, () -> stack.codes(Nd4j.zeros(1, 20), 2));
        assertEquals("StackedAutoencoder[s]: level must be between 0 and 1, got 2", e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> new StackedAutoencoder("none", 20, new int[0], Relu::new, 1));
    }
}
