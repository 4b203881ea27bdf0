package org.dlkit.train;

import java.util.StringJoiner;
import java.util.zip.CRC32C;
import org.dlkit.data.Augmentation;
import org.dlkit.data.DataSet;
import org.dlkit.nn.Layer;
import org.dlkit.nn.Loss;
import org.dlkit.nn.Network;
import org.dlkit.nn.Parameter;
import org.nd4j.linalg.factory.Nd4j;

/**
 * How a run was made, in one line of a {@link History}: the network layer by layer, a checksum of
 * its parameters before training (which stands for the seeds the layers were drawn from), the
 * optimiser and loss, the settings with the shuffling seed, each data set with its checksum, and
 * the backend.
 */
final class Provenance {
    private Provenance() {}

    static String of(
            Network net,
            Optimizer optimizer,
            Loss loss,
            WeightDecay decay,
            TrainConfig config,
            DataSet train,
            DataSet validation,
            Augmentation augment) {
        var layers = new StringJoiner(" → ");
        for (Layer l : net.layers()) layers.add(l.toString());
        var crc = new CRC32C();
        for (Parameter p : net.params()) DataSet.digest(crc, p.value());
        return String.format(
                "%s: %s, initial parameters crc32c %08x; trained with %s, loss %s%s; %s; data %s"
                        + " crc32c %s%s%s; backend %s",
                net,
                layers,
                crc.getValue(),
                optimizer,
                loss.name(),
                decay.equals(WeightDecay.NONE) ? "" : ", " + decay,
                config,
                train,
                train.checksum(),
                augment == null ? "" : ", augmented each epoch",
                validation == null
                        ? ""
                        : ", validation " + validation + " crc32c " + validation.checksum(),
                Nd4j.getBackend().getClass().getSimpleName());
    }
}
