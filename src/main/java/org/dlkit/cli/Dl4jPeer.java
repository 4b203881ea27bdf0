package org.dlkit.cli;

import java.util.Locale;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.dlkit.data.DataSet;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The benchmark network built with DL4J 1.0.0-M2.1, the Java library most people would reach for:
 * the same layers, batch size and data, so that {@code kit bench} can print how the two compare on
 * this machine. Only {@code kit bench} loads this class.
 */
final class Dl4jPeer {
    private Dl4jPeer() {}

    /**
     * 5×5 filters, stride 1, no padding, ReLU: the bench's Conv2D and its Relu in one DL4J layer.
     */
    private static ConvolutionLayer conv5x5(int filters) {
        return new ConvolutionLayer.Builder(5, 5).nOut(filters).activation(Activation.RELU).build();
    }

    private static SubsamplingLayer maxPool2x2() {
        return new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX)
                .kernelSize(2, 2)
                .stride(2, 2)
                .build();
    }

    /** The CNN as DL4J builds it. */
    private static MultiLayerConfiguration cnn() {
        return new NeuralNetConfiguration.Builder()
                .seed(1)
                .weightInit(WeightInit.RELU)
                .updater(new Nesterovs(0.01, 0.9))
                .list()
                .layer(conv5x5(20))
                .layer(maxPool2x2())
                .layer(conv5x5(40))
                .layer(maxPool2x2())
                .layer(new DenseLayer.Builder().nOut(100).activation(Activation.RELU).build())
                .layer(
                        new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                                .nOut(10)
                                .activation(Activation.SOFTMAX)
                                .build())
                .setInputType(InputType.convolutional(28, 28, 1))
                .build();
    }

    /** Sigmoid dense layers of the given widths on 784 inputs, a softmax output, SGD η = 0.1. */
    private static MultiLayerConfiguration dense(int... hidden) {
        var list =
                new NeuralNetConfiguration.Builder()
                        .seed(1)
                        .weightInit(WeightInit.XAVIER)
                        .updater(new Sgd(0.1))
                        .list();
        for (int h : hidden)
            list.layer(new DenseLayer.Builder().nOut(h).activation(Activation.SIGMOID).build());
        return list.layer(
                        new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                                .nOut(10)
                                .activation(Activation.SOFTMAX)
                                .build())
                .setInputType(InputType.feedForward(784))
                .build();
    }

    static Bench.Result run(Bench.Workload w, DataSet train, DataSet test, int batches, int b) {
        MultiLayerConfiguration conf =
                switch (w) {
                    case CNN -> cnn();
                    case MLP -> dense(100);
                    case SDA -> dense(1000, 1000, 1000);
                    case DAE ->
                            throw new IllegalArgumentException(
                                    "DL4J has no tied-weight denoising level of this form");
                };
        var net = new MultiLayerNetwork(conf);
        net.init();
        int perEpoch = train.size() / b;
        int warmup = 5;
        long start = 0;
        for (int i = 0; i < warmup + batches; i++) {
            if (i == warmup) start = System.nanoTime();
            DataSet batch = train.rows((i % perEpoch) * b, (i % perEpoch) * b + b);
            net.fit(batch.x(), batch.y());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double trainRate = batches * b / seconds;
        System.out.printf(
                Locale.ROOT,
                "%nDL4J: %d batches of %d in %.2f s: %.0f images/s%n",
                batches,
                b,
                seconds,
                trainRate);
        long t = System.nanoTime();
        int inferred = 0;
        for (DataSet batch : test.head(2_000).batches(b)) {
            net.output(batch.x(), false);
            inferred += batch.size();
        }
        double inferRate = inferred / ((System.nanoTime() - t) / 1e9);
        System.out.printf(
                Locale.ROOT,
                "DL4J inference: %.0f images/s (%d test images)%n",
                inferRate,
                inferred);
        return new Bench.Result("DL4J", trainRate, inferRate);
    }
}
