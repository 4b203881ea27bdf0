package org.dlkit.autoencoder;

import java.util.List;
import java.util.function.Function;
import org.dlkit.nn.Dense;
import org.dlkit.nn.Init;
import org.dlkit.nn.Layer;
import org.dlkit.nn.Network;
import org.dlkit.nn.Relu;
import org.dlkit.nn.Sigmoid;
import org.dlkit.nn.TiedDense;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An autoencoder: an encoder that maps an input x to a code h, and a decoder that maps h back to a
 * reconstruction x̂. Trained so that x̂ ≈ x — the reconstruction error ‖x̂ − x‖² small — on data
 * without labels. When the code is narrower than the input (or otherwise constrained) the network
 * cannot simply copy its input and must find features that describe the data; the encoder's outputs
 * can then serve as features for a classifier.
 *
 * <p>{@link #network()} is encoder and decoder as one {@link Network} (the two are its layers):
 * train it with {@link org.dlkit.train.Trainer} on {@code data.inputsAsTargets()}.
 */
public final class Autoencoder {
    private final Network encoder;
    private final Network decoder;
    private final Network network;

    public Autoencoder(String name, Network encoder, Network decoder) {
        this.encoder = encoder;
        this.decoder = decoder;
        this.network = new Network(name, encoder, decoder);
    }

    /**
     * The one-hidden-layer autoencoder: inputs → code → inputs. The code units use the given
     * activation ({@code Relu::new}, {@code Sigmoid::new}, {@code Identity::new}, ...; He
     * initialisation for ReLU, Xavier otherwise); the outputs a sigmoid, so that the reconstruction
     * lies in (0, 1) like MNIST's pixels.
     *
     * @param tied whether the decoder reuses the encoder's weights, transposed ({@link TiedDense})
     */
    public static Autoencoder dense(
            String name,
            int inputs,
            int code,
            Function<String, Layer> codeActivation,
            boolean tied,
            long seed) {
        Layer activation = codeActivation.apply("code");
        Init init = activation instanceof Relu ? Init.HE : Init.XAVIER;
        var in = new Dense("encode", inputs, code, init, seed);
        Layer out =
                tied
                        ? new TiedDense("decode", in)
                        : new Dense("decode", code, inputs, Init.XAVIER, seed + 1);
        return new Autoencoder(
                name,
                new Network("encoder", in, activation),
                new Network("decoder", out, new Sigmoid("reconstruction")));
    }

    public Network encoder() {
        return encoder;
    }

    public Network decoder() {
        return decoder;
    }

    /** Encoder then decoder, as one network: what is trained. */
    public Network network() {
        return network;
    }

    public String name() {
        return network.name();
    }

    /**
     * The codes of a batch, (N, code size), in evaluation mode (no corruption, no dropout); a large
     * batch goes through 1 000 examples at a time ({@link Network#predict}), so a convolutional
     * autoencoder's feature maps for a whole test set are never all in memory at once.
     */
    public INDArray encode(INDArray x) {
        return encoder.predict(x);
    }

    /** Codes back to inputs, in evaluation mode. */
    public INDArray decode(INDArray h) {
        return decoder.predict(h);
    }

    /** x̂ = decode(encode(x)), in evaluation mode. */
    public INDArray reconstruct(INDArray x) {
        return network.predict(x);
    }

    /**
     * Each example's reconstruction error e_n = ‖x̂_n − x_n‖², summed over its values (pixels), as
     * a vector of N.
     */
    public INDArray errors(INDArray x) {
        INDArray d = reconstruct(x).subi(x);
        INDArray squared = d.muli(d).reshape(x.size(0), x.length() / x.size(0));
        return squared.sum(1);
    }

    /** The mean of {@link #errors} over the batch. */
    public double error(INDArray x) {
        return errors(x).meanNumber().doubleValue();
    }

    /** The encoder's first dense layer: its weights are the features, one column per code unit. */
    public Dense firstLayer() {
        List<Layer> layers = encoder.layers();
        return layers.stream()
                .filter(l -> l instanceof Dense)
                .map(l -> (Dense) l)
                .findFirst()
                .orElseThrow(
                        () ->
                                new IllegalStateException(
                                        "Autoencoder["
                                                + name()
                                                + "]: the encoder has no dense layer"));
    }

    @Override
    public String toString() {
        return "Autoencoder[" + name() + "](" + network.parameterCount() + " parameters)";
    }
}
