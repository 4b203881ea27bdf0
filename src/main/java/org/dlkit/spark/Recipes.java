package org.dlkit.spark;

import java.util.ArrayList;
import java.util.List;
import org.dlkit.nn.Conv2D;
import org.dlkit.nn.Dense;
import org.dlkit.nn.Flatten;
import org.dlkit.nn.Init;
import org.dlkit.nn.Layer;
import org.dlkit.nn.Loss;
import org.dlkit.nn.Network;
import org.dlkit.nn.Pooling;
import org.dlkit.nn.Relu;
import org.dlkit.nn.Sigmoid;
import org.dlkit.nn.SoftmaxCrossEntropy;

/** The lessons' networks as {@link Recipe}s. */
public final class Recipes {
    private Recipes() {}

    /**
     * A fully connected network of sigmoid units with a softmax cross-entropy output, e.g. {@code
     * mlp(784, 100, 10)}: lesson 04's network. Weights from seed, seed + 1, … per layer.
     */
    public static Recipe mlp(long seed, int... sizes) {
        if (sizes.length < 2)
            throw new IllegalArgumentException(
                    "an MLP needs at least an input and an output size, got " + sizes.length);
        return new Mlp(java.util.Arrays.stream(sizes).boxed().toList(), seed);
    }

    /**
     * Lesson 08's network on 28 × 28 digits: conv 20 (5 × 5) → max pool 2 → ReLU → conv 40 (5 × 5)
     * → max pool 2 → ReLU → 100 ReLU → 10, softmax cross-entropy.
     */
    public static Recipe cnn(long seed) {
        return new Cnn(seed);
    }

    record Mlp(List<Integer> sizes, long seed) implements Recipe {
        @Override
        public Network network() {
            List<Layer> layers = new ArrayList<>();
            for (int i = 0; i + 1 < sizes.size(); i++) {
                boolean output = i + 2 == sizes.size();
                String name = output ? "output" : "hidden" + (i + 1);
                layers.add(new Dense(name, sizes.get(i), sizes.get(i + 1), Init.XAVIER, seed + i));
                if (!output) layers.add(new Sigmoid("sigmoid" + (i + 1)));
            }
            return new Network("MLP " + sizes, layers);
        }

        @Override
        public Loss loss() {
            return new SoftmaxCrossEntropy();
        }
    }

    record Cnn(long seed) implements Recipe {
        @Override
        public Network network() {
            return new Network(
                    "lesson 08's CNN",
                    new Conv2D("conv1", 1, 20, 5, Init.HE, seed),
                    Pooling.max("pool1", 2),
                    new Relu("relu1"),
                    new Conv2D("conv2", 20, 40, 5, Init.HE, seed + 1),
                    Pooling.max("pool2", 2),
                    new Relu("relu2"),
                    new Flatten("flatten"),
                    new Dense("fc", 640, 100, Init.HE, seed + 2),
                    new Relu("relu3"),
                    new Dense("output", 100, 10, Init.XAVIER, seed + 3));
        }

        @Override
        public Loss loss() {
            return new SoftmaxCrossEntropy();
        }
    }
}
