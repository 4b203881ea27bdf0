package org.dlkit.data;

import java.util.ArrayList;
import java.util.Random;
import org.dlkit.tensor.Shapes;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A new version of the training images for each epoch, drawn at random: the network never sees
 * exactly the same picture twice, which works like having more data (Nielsen's "expanded" MNIST,
 * made on the fly). The targets stay as they are.
 */
@FunctionalInterface
public interface Augmentation {

    /**
     * A changed copy of the data; rows may come back in another order, each with its own target.
     */
    DataSet apply(DataSet data, Random random);

    /**
     * Moves each image (N, C, H, W) by a whole number of pixels, up to {@code max} in each
     * direction (zeros fill the edge): a digit moved by a pixel or two is still the same digit.
     */
    static Augmentation shifts(int max) {
        if (max < 1)
            throw new IllegalArgumentException(
                    "Augmentation.shifts: max must be at least 1, got " + max);
        return (data, random) -> {
            INDArray x = data.x();
            if (x.rank() != 4) {
                throw Shapes.mismatch(
                        "Augmentation.shifts",
                        "images",
                        "[N, C, H, W]",
                        x,
                        "reshape rows with Mnist.images");
            }
            int side = 2 * max + 1;
            var groups = new ArrayList<ArrayList<Integer>>();
            for (int g = 0; g < side * side; g++) groups.add(new ArrayList<>());
            for (int n = 0; n < data.size(); n++) groups.get(random.nextInt(side * side)).add(n);
            var xs = new ArrayList<INDArray>();
            var ys = new ArrayList<INDArray>();
            for (int g = 0; g < groups.size(); g++) {
                if (groups.get(g).isEmpty()) continue;
                int[] rows = groups.get(g).stream().mapToInt(Integer::intValue).toArray();
                DataSet part = data.select(rows);
                xs.add(shift(part.x(), g / side - max, g % side - max));
                ys.add(part.y());
            }
            return new DataSet(
                    data.name(),
                    Nd4j.concat(0, xs.toArray(INDArray[]::new)),
                    Nd4j.concat(0, ys.toArray(INDArray[]::new)));
        };
    }

    /**
     * x moved down by dy and right by dx pixels (negative: up, left), zeros where nothing moved in.
     */
    static INDArray shift(INDArray x, int dy, int dx) {
        long h = x.size(2), w = x.size(3);
        INDArray out = Nd4j.zeros(x.dataType(), x.shape());
        if (Math.abs(dy) >= h || Math.abs(dx) >= w) return out;
        INDArrayIndex all = NDArrayIndex.all();
        out.get(
                        all,
                        all,
                        NDArrayIndex.interval(Math.max(0, dy), h + Math.min(0, dy)),
                        NDArrayIndex.interval(Math.max(0, dx), w + Math.min(0, dx)))
                .assign(
                        x.get(
                                all,
                                all,
                                NDArrayIndex.interval(Math.max(0, -dy), h - Math.max(0, dy)),
                                NDArrayIndex.interval(Math.max(0, -dx), w - Math.max(0, dx))));
        return out;
    }
}
