package org.dlkit.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dlkit.check.GradientCheck;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class NetworkTest {

    static Network mlp() {
        return new Network(
                "mlp",
                new Dense("hidden", 784, 100, Init.HE, 1),
                new Relu("relu"),
                new Dense("out", 100, 10, Init.XAVIER, 2));
    }

    @Test
    void summaryCountsEveryParameter() {
        var t = mlp().summary(784);
        assertEquals(4, t.rowCount());
        assertEquals(78500L, t.longColumn("parameters").get(0));
        assertEquals(0L, t.longColumn("parameters").get(1));
        assertEquals(1010L, t.longColumn("parameters").get(2));
        assertEquals(79510L, t.longColumn("parameters").get(3));
        assertEquals("10", t.stringColumn("output shape").get(2));
        assertEquals(79510L, mlp().parameterCount());
    }

    @Test
    void summaryOfHandout004sKerasNetwork() {
        var net =
                new Network(
                        "keras",
                        new Conv2D("conv1", 1, 25, 3, Init.HE, 1),
                        Pooling.max("pool1", 2),
                        new Conv2D("conv2", 25, 50, 3, Init.HE, 2),
                        Pooling.max("pool2", 2),
                        new Flatten("flatten"),
                        new Dense("dense", 1250, 100, Init.HE, 3),
                        new Relu("relu"),
                        new Dense("output", 100, 10, Init.XAVIER, 4));
        var t = net.summary(1, 28, 28);
        assertEquals(
                java.util.List.of(
                        "25×26×26", "25×13×13", "50×11×11", "50×5×5", "1250", "100", "100", "10"),
                t.stringColumn("output shape").asList().subList(0, 8));
        assertEquals(
                java.util.List.of(250L, 0L, 11300L, 0L, 0L, 125100L, 0L, 1010L, 137660L),
                t.longColumn("parameters").asList());
        var e =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                new Network(
                                                "wrong",
                                                new Conv2D("conv1", 1, 25, 3, Init.HE, 1),
                                                Pooling.max("pool1", 2),
                                                new Flatten("flatten"),
                                                new Dense("dense", 1250, 100, Init.HE, 3))
                                        .summary(1, 28, 28));
        assertEquals(
                "Dense[dense].forward: x expected [N, 1250] but got [N, 4225]", e.getMessage());
    }

    @Test
    void aShapeMismatchInTheSummaryNamesTheLayer() {
        var e = assertThrows(IllegalArgumentException.class, () -> mlp().summary(1000));
        assertTrue(
                e.getMessage()
                        .startsWith("Dense[hidden].forward: x expected [N, 784] but got [N, 1000]"),
                e.getMessage());
    }

    @Test
    void theWholeNetworkPassesTheGradientCheck() {
        NnTesting.float64();
        try {
            var net =
                    new Network(
                            "small",
                            new Dense("h1", 3, 4, Init.XAVIER, 1),
                            new Tanh("t1"),
                            new Dense("h2", 4, 4, Init.XAVIER, 2),
                            new Sigmoid("s2"),
                            new Dense("out", 4, 3, Init.XAVIER, 3));
            INDArray x = NnTesting.nd(NnTesting.random(5, 3, 4));
            INDArray t = NnTesting.nd(LossesTesting.oneHot(5, 3));
            var report =
                    NnTesting.assertGradientsOk(
                            GradientCheck.network(net, new SoftmaxCrossEntropy(), x, t));
            assertEquals(1 + 6, report.rows().size(), "the input and all six parameter tensors");
        } finally {
            NnTesting.float32();
        }
    }

    @Test
    void traceRecordsEachSignalAsAManualPassComputesIt() {
        NnTesting.float64();
        try {
            var h = new Dense("h", 3, 4, Init.XAVIER, 1);
            var s = new Sigmoid("s");
            var o = new Dense("o", 4, 1, Init.XAVIER, 2);
            var net = new Network("344", h, s, o);
            INDArray x = NnTesting.nd(NnTesting.random(2, 3, 8));
            INDArray t = NnTesting.nd(new double[][] {{1}, {0}});
            Trace trace = net.trace(x, t, new MeanSquaredError());

            // the same pass by hand
            INDArray a1 = x.mmul(h.weights().value()).addRowVector(h.bias().value());
            INDArray y1 = org.nd4j.linalg.ops.transforms.Transforms.sigmoid(a1, true);
            INDArray out = y1.mmul(o.weights().value()).addRowVector(o.bias().value());
            INDArray dOut = out.sub(t).div(2);
            INDArray dY1 = dOut.mmul(o.weights().value().transpose());
            INDArray dA1 = dY1.mul(y1.rsub(1).mul(y1));

            assertEquals(3, trace.steps().size());
            assertEquals(
                    0.5 * out.sub(t).mul(out.sub(t)).sumNumber().doubleValue() / 2,
                    trace.loss(),
                    1e-12);
            assertTrue(trace.steps().get(2).dOut().equalsWithEps(dOut, 1e-12));
            assertTrue(trace.steps().get(1).output().equalsWithEps(y1, 1e-12));
            assertTrue(trace.steps().get(1).dX().equalsWithEps(dA1, 1e-12));
            assertTrue(
                    trace.steps()
                            .get(0)
                            .grads()
                            .get("h.W")
                            .equalsWithEps(x.transpose().mmul(dA1), 1e-12));
            assertTrue(
                    trace.steps()
                            .get(2)
                            .grads()
                            .get("o.b")
                            .equalsWithEps(dOut.sum(true, 0), 1e-12));
            assertEquals(3, trace.table().rowCount());
        } finally {
            NnTesting.float32();
        }
    }

    /** predict in pieces gives what one forward pass gives: rows in order, every value the same. */
    @Test
    void predictInPiecesMatchesOneForwardPass() {
        var mlp =
                new Network(
                        "mlp",
                        new Dense("h", 12, 8, Init.HE, 1),
                        new Relu("r"),
                        new Dense("out", 8, 3, Init.XAVIER, 2));
        INDArray rows = Nd4j.rand(DataType.FLOAT, 2 * Network.PREDICT_BATCH + 7, 12);
        INDArray whole = mlp.forward(rows, Mode.EVAL);
        INDArray pieces = mlp.predict(rows);
        assertArrayEquals(whole.shape(), pieces.shape());
        assertTrue(whole.equalsWithEps(pieces, 1e-6), "the pieces differ from one pass");
        assertFalse(pieces.isAttached(), "the answer lives in the reused block of a piece");
        // images (N, C, H, W) through a convolution, and an input of exactly one piece
        var cnn =
                new Network(
                        "cnn",
                        new Conv2D("c", 1, 2, 3, Init.HE, 3),
                        new Relu("r"),
                        new Flatten("f"),
                        new Dense("out", 2 * 4 * 4, 3, Init.XAVIER, 4));
        INDArray images = Nd4j.rand(DataType.FLOAT, Network.PREDICT_BATCH + 1, 1, 6, 6);
        assertTrue(cnn.forward(images, Mode.EVAL).equalsWithEps(cnn.predict(images), 1e-6));
        INDArray one =
                images.get(
                        NDArrayIndex.interval(0, Network.PREDICT_BATCH),
                        NDArrayIndex.all(),
                        NDArrayIndex.all(),
                        NDArrayIndex.all());
        assertTrue(cnn.forward(one, Mode.EVAL).equalsWithEps(cnn.predict(one), 1e-6));
    }

    @Test
    void layerNamesMustBeUnique() {
        var e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> new Network("n", new Relu("a"), new Relu("a")));
        assertTrue(e.getMessage().contains("two layers are named 'a'"), e.getMessage());
    }

    @Test
    void aNetworkIsALayerInsideAnother() {
        var inner = new Network("encoder", new Dense("e1", 4, 2, Init.XAVIER, 1), new Tanh("et"));
        var outer = new Network("clf", inner, new Dense("c", 2, 3, Init.XAVIER, 2));
        assertEquals(3, outer.forward(Nd4j.rand(5, 4), Mode.EVAL).size(1));
        assertEquals(4, outer.params().size());
    }

    @Test
    void aWrongDataTypeNamesTheLayerAndBothTypes() {
        Nd4j.setDefaultDataTypes(
                org.nd4j.linalg.api.buffer.DataType.FLOAT,
                org.nd4j.linalg.api.buffer.DataType.FLOAT);
        var dense = new Dense("hidden", 4, 3, Init.XAVIER, 1);
        var inputs =
                new java.util.LinkedHashMap<Layer, INDArray>() {
                    {
                        put(dense, Nd4j.rand(2, 4));
                        put(new TiedDense("decode", dense), Nd4j.rand(2, 3));
                        put(new BatchNorm("bn", 4), Nd4j.rand(2, 4));
                        put(new Maxout("maxout", 4, 2, 3, Init.XAVIER, 1), Nd4j.rand(2, 4));
                        put(
                                new Conv2D("conv", 2, 3, 3, Init.HE, 1),
                                Nd4j.rand(new int[] {2, 2, 5, 5}));
                        put(
                                new Conv1D("conv1d", 2, 3, 3, Init.HE, 1),
                                Nd4j.rand(new int[] {2, 2, 7}));
                    }
                };
        for (var e : inputs.entrySet()) {
            Layer layer = e.getKey();
            assertTrue(layer.forward(e.getValue(), Mode.EVAL).length() > 0, layer + " on FLOAT");
            for (var type :
                    new org.nd4j.linalg.api.buffer.DataType[] {
                        org.nd4j.linalg.api.buffer.DataType.DOUBLE,
                        org.nd4j.linalg.api.buffer.DataType.INT
                    }) {
                var error =
                        assertThrows(
                                IllegalArgumentException.class,
                                () -> layer.forward(e.getValue().castTo(type), Mode.TRAIN),
                                layer + " on " + type);
                assertTrue(
                        error.getMessage()
                                .contains(
                                        "forward: x holds "
                                                + type
                                                + " numbers but the layer's parameters are FLOAT; convert the input with x.castTo(DataType.FLOAT)"),
                        error.getMessage());
            }
        }
        var error =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                dense.forward(
                                        Nd4j.rand(2, 4)
                                                .castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE),
                                        Mode.TRAIN));
        assertTrue(
                error.getMessage().startsWith("Dense[hidden].forward: x holds DOUBLE numbers"),
                error.getMessage());
    }
}
