package org.dlkit.autoencoder;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.dlkit.data.DataSet;
import org.dlkit.nn.Dense;
import org.dlkit.nn.Identity;
import org.dlkit.nn.Init;
import org.dlkit.nn.Layer;
import org.dlkit.nn.MeanSquaredError;
import org.dlkit.nn.Network;
import org.dlkit.nn.Parameter;
import org.dlkit.nn.Relu;
import org.dlkit.nn.Sigmoid;
import org.dlkit.train.History;
import org.dlkit.train.Optimizer;
import org.dlkit.train.TrainConfig;
import org.dlkit.train.Trainer;
import org.dlkit.train.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A stack of autoencoders trained by the greedy layer-wise algorithm of handout 002:
 *
 * <pre>
 * for ℓ = 1, …, L:
 *     W⁽¹⁾ … W⁽ℓ⁻¹⁾ are given from the previous steps (and stay fixed);
 *     compute layer ℓ − 1's outputs x⁽ℓ⁻¹⁾ₙ for every example n;
 *     use them to learn W⁽ℓ⁾ by training a single-hidden-layer autoencoder.
 * </pre>
 *
 * Level 1's autoencoder reconstructs the inputs (sigmoid outputs, for pixels in [0, 1]); level ℓ's
 * reconstructs level ℓ − 1's codes (linear outputs, for ReLU codes of any size). The encoders,
 * stacked, map an input to its deepest code ({@link #encoder()}); with an output layer on top they
 * are a classifier ({@link #classifier}) whose first layers start from what the autoencoders
 * learned, ready to be fine-tuned with labels.
 *
 * <p>The stack's networks share their layers: fine-tuning the classifier changes the encoders the
 * autoencoders use, which is the point.
 */
public final class StackedAutoencoder {
    private final String name;
    private final int inputs;
    private final List<Autoencoder> levels = new ArrayList<>();
    private final Network encoder;

    /**
     * @param inputs the size of an input row (784 for MNIST)
     * @param codeSizes the code size of each level, bottom first, e.g. {256, 64}
     * @param activation the code units' activation ({@code Relu::new}, {@code Sigmoid::new})
     */
    public StackedAutoencoder(
            String name,
            int inputs,
            int[] codeSizes,
            Function<String, Layer> activation,
            long seed) {
        if (codeSizes.length == 0)
            throw new IllegalArgumentException(
                    "StackedAutoencoder[" + name + "]: give at least one code size");
        this.name = name;
        this.inputs = inputs;
        int below = inputs;
        var encoders = new ArrayList<Layer>();
        for (int l = 1; l <= codeSizes.length; l++) {
            int size = codeSizes[l - 1];
            Layer act = activation.apply("code" + l);
            Init init = act instanceof Relu ? Init.HE : Init.XAVIER;
            var enc =
                    new Network(
                            "encoder" + l,
                            new Dense("encode" + l, below, size, init, seed + 2L * l),
                            act);
            Layer out =
                    l == 1 ? new Sigmoid("reconstruction1") : new Identity("reconstruction" + l);
            var dec =
                    new Network(
                            "decoder" + l,
                            new Dense("decode" + l, size, below, Init.XAVIER, seed + 2L * l + 1),
                            out);
            levels.add(new Autoencoder(name + ", level " + l, enc, dec));
            encoders.add(enc);
            below = size;
        }
        this.encoder = new Network(name + " encoder", encoders);
    }

    /** The autoencoder of each level, bottom first. */
    public List<Autoencoder> levels() {
        return List.copyOf(levels);
    }

    /** The number of levels, L. */
    public int depth() {
        return levels.size();
    }

    /** The encoders of all levels in a row: input → deepest code. */
    public Network encoder() {
        return encoder;
    }

    /** An input's code at the given level (1 … L; 0 is the input itself), in evaluation mode. */
    public INDArray codes(INDArray x, int level) {
        checkLevel(level, 0);
        INDArray h = x;
        for (int l = 1; l <= level; l++) h = levels.get(l - 1).encoder().predict(h);
        return h;
    }

    /** Up through every encoder and back down through every decoder, in evaluation mode. */
    public INDArray reconstruct(INDArray x) {
        INDArray h = codes(x, depth());
        for (int l = depth(); l >= 1; l--) h = levels.get(l - 1).decoder().predict(h);
        return h;
    }

    /**
     * Step ℓ of the greedy algorithm: the inputs are taken through the (fixed) encoders 1 … ℓ − 1,
     * and level ℓ's autoencoder is trained to reconstruct what comes out, with squared error.
     *
     * @param data the training inputs (labels, if any, are not used)
     * @param validation inputs to measure the reconstruction on after each epoch, or null
     * @param corruption noise on level ℓ's inputs during training (a denoising level), or null
     */
    public History pretrainLevel(
            int level,
            DataSet data,
            DataSet validation,
            Optimizer optimizer,
            TrainConfig config,
            Corruption corruption,
            TrainingListener... listeners) {
        checkLevel(level, 1);
        DataSet in = codesOf(data, level - 1);
        DataSet check = validation == null ? null : codesOf(validation, level - 1);
        var trainer =
                new Trainer(levels.get(level - 1).network(), new MeanSquaredError(), optimizer);
        return trainer.fit(in, check, config, corruption, listeners);
    }

    /**
     * The whole greedy algorithm: {@link #pretrainLevel} for ℓ = 1 … L, each level with a fresh
     * optimiser from the supplier.
     */
    public List<History> pretrain(
            DataSet data,
            DataSet validation,
            Supplier<Optimizer> optimizer,
            TrainConfig config,
            Corruption corruption,
            TrainingListener... listeners) {
        var histories = new ArrayList<History>();
        for (int l = 1; l <= depth(); l++)
            histories.add(
                    pretrainLevel(
                            l, data, validation, optimizer.get(), config, corruption, listeners));
        return histories;
    }

    /**
     * The stacked encoders with a new dense output layer on top (scores for {@code classes}
     * classes, to be used with softmax cross-entropy): the network to fine-tune.
     */
    public Network classifier(String name, int classes, long seed) {
        var layers = new ArrayList<Layer>(encoder.layers());
        long top = levels.get(depth() - 1).firstLayer().out();
        layers.add(new Dense("output", (int) top, classes, Init.XAVIER, seed));
        return new Network(name, layers);
    }

    /**
     * Freezes (or thaws) every encoder parameter: a classifier built on a frozen stack trains only
     * its output layer, i.e. uses the pretrained codes as fixed features.
     */
    public void freezeEncoders(boolean frozen) {
        for (Parameter p : encoder.params()) p.freeze(frozen);
    }

    private DataSet codesOf(DataSet d, int level) {
        String what = level == 0 ? d.name() : d.name() + ", level-" + level + " codes";
        return new DataSet(what, codes(d.x(), level), d.y()).inputsAsTargets();
    }

    private void checkLevel(int level, int lowest) {
        if (level < lowest || level > depth()) {
            throw new IllegalArgumentException(
                    "StackedAutoencoder["
                            + name
                            + "]: level must be between "
                            + lowest
                            + " and "
                            + depth()
                            + ", got "
                            + level);
        }
    }

    @Override
    public String toString() {
        var sizes = new StringBuilder().append(inputs);
        for (Autoencoder a : levels) sizes.append("-").append(a.firstLayer().out());
        return "StackedAutoencoder[" + name + "](" + sizes + ")";
    }
}
