package org.dlkit.autoencoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dlkit.data.DataSet;
import org.dlkit.nn.MeanSquaredError;
import org.dlkit.nn.Relu;
import org.dlkit.nn.Sigmoid;
import org.dlkit.train.Adam;
import org.dlkit.train.History;
import org.dlkit.train.TrainConfig;
import org.dlkit.train.Trainer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class AutoencoderTest {

    /**
     * The 8-3-8 encoder problem: eight one-hot patterns through three hidden units. Reproducing all
     * eight is only possible if the three units learn a code that tells them apart, close to a
     * 3-bit binary code.
     */
    @Test
    void theEightThreeEightProblemIsSolvedWithADistinctCodePerPattern() {
        INDArray eye = Nd4j.eye(8).castTo(Nd4j.defaultFloatingPointType());
        for (boolean tied : new boolean[] {false, true}) {
            var ae = Autoencoder.dense("8-3-8", 8, 3, Sigmoid::new, tied, 11);
            var trainer = new Trainer(ae.network(), new MeanSquaredError(), new Adam(0.05));
            DataSet data = new DataSet("one-hot", eye, eye).inputsAsTargets();
            History h = trainer.fit(data, data, new TrainConfig(3000, 8, 1, true, 0));
            INDArray out = ae.reconstruct(eye);
            assertEquals(
                    Nd4j.linspace(0, 7, 8).castTo(out.argMax(1).dataType()),
                    out.argMax(1),
                    "tied " + tied + ": each pattern comes back as itself\n" + out);
            assertTrue(ae.error(eye) < 0.2, "tied " + tied + ": error " + ae.error(eye));
            INDArray codes = ae.encode(eye);
            double closest = Double.MAX_VALUE;
            for (int a = 0; a < 8; a++)
                for (int b = a + 1; b < 8; b++)
                    closest = Math.min(closest, codes.getRow(a).distance2(codes.getRow(b)));
            assertTrue(closest > 0.2, "eight well-separated codes:\n" + codes);
            assertFalse(h.hasAccuracy(), "no labels, no accuracy");
            assertTrue(Double.isNaN(h.last(History.VALIDATION_ACCURACY)));
            assertTrue(h.toString().contains("validation loss"), h.toString());
        }
    }

    @Test
    void errorsAreTheSquaredDistanceOfEachReconstruction() {
        var ae = Autoencoder.dense("ae", 5, 2, Relu::new, false, 3);
        INDArray x = Nd4j.rand(4, 5);
        INDArray d = ae.reconstruct(x).sub(x);
        INDArray expected = d.mul(d).sum(1);
        assertTrue(expected.equalsWithEps(ae.errors(x), 1e-6));
        assertEquals(expected.meanNumber().doubleValue(), ae.error(x), 1e-6);
        assertEquals(2, ae.encode(x).size(1));
        assertEquals(5, ae.decode(ae.encode(x)).size(1));
        assertSame(ae.network().layers().get(0), ae.encoder());
        assertEquals(5 * 2 + 2 + 2 * 5 + 5, ae.network().parameterCount());
        assertEquals(
                5 * 2 + 2 + 5,
                Autoencoder.dense("t", 5, 2, Relu::new, true, 3).network().parameterCount());
        assertEquals("encode", ae.firstLayer().name());
    }

    /**
     * A set larger than one block of {@code Network.predict} is encoded and reconstructed a block
     * at a time (a convolutional autoencoder's maps for a whole test set would not fit in a
     * kernel's memory): the result is the one pass's, row for row.
     */
    @Test
    void aLargeSetIsEncodedInBlocksWithTheOnePassResult() {
        var ae = Autoencoder.dense("ae", 6, 3, Sigmoid::new, false, 4);
        INDArray x = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 2_345, 6);
        INDArray onePass = ae.network().forward(x, org.dlkit.nn.Mode.EVAL);
        assertEquals(onePass, ae.reconstruct(x));
        assertEquals(ae.encoder().forward(x, org.dlkit.nn.Mode.EVAL), ae.encode(x));
        assertEquals(2_345, ae.errors(x).length());
    }

    @Test
    void aSetWhoseTargetsAreItsInputsStaysThatWayInEveryPart() {
        DataSet d = new DataSet("x", Nd4j.rand(10, 3), Nd4j.zeros(10, 1)).inputsAsTargets();
        assertTrue(d.targetsAreInputs());
        for (DataSet part : d.batches(4)) assertTrue(part.targetsAreInputs());
        assertTrue(d.select(new int[] {3, 1}).targetsAreInputs());
        assertTrue(d.shuffled(1).targetsAreInputs());
        assertTrue(d.split(4, "a", "b").get(1).targetsAreInputs());
        assertTrue(d.toString().contains("targets = inputs"), d.toString());
        INDArray images = Nd4j.rand(new int[] {6, 1, 4, 4});
        DataSet conv = new DataSet("images", images, Nd4j.zeros(6, 1)).inputsAsTargets();
        assertEquals(images.slice(2), conv.select(new int[] {2}).y().slice(0), "4-D targets");
        assertFalse(new DataSet("labelled", images, Nd4j.zeros(6, 1)).targetsAreInputs());
    }
}
