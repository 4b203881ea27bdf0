package org.dlkit.data;

import org.dlkit.tensor.Shapes;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Class numbers and one-hot rows: label 3 of 10 classes is the row 0 0 0 1 0 0 0 0 0 0. */
public final class Labels {
    private Labels() {}

    /**
     * One-hot rows (N, classes) in float32.
     *
     * @throws IllegalArgumentException naming the first label outside [0, classes) and its row
     */
    public static INDArray oneHot(int[] labels, int classes) {
        if (classes < 2)
            throw new IllegalArgumentException(
                    "Labels.oneHot: classes must be at least 2, got " + classes);
        float[][] rows = new float[labels.length][classes];
        for (int i = 0; i < labels.length; i++) {
            int k = labels[i];
            if (k < 0 || k >= classes) {
                throw new IllegalArgumentException(
                        "Labels.oneHot: label "
                                + k
                                + " at row "
                                + i
                                + " is out of range; expected 0 to "
                                + (classes - 1)
                                + " for "
                                + classes
                                + " classes");
            }
            rows[i][k] = 1f;
        }
        return labels.length == 0
                ? Nd4j.zeros(DataType.FLOAT, 0, classes)
                : Nd4j.createFromArray(rows);
    }

    /** The class of each row: the arg-max of one-hot rows or scores (N, M). */
    public static int[] of(INDArray rows) {
        if (rows.rank() != 2) throw Shapes.mismatch("Labels.of", "rows", "[N, M]", rows, null);
        return rows.argMax(1).toIntVector();
    }

    /** A 0/1 column (N, 1) in float32, for binary targets. */
    public static INDArray column(int[] zeroOrOne) {
        float[][] col = new float[zeroOrOne.length][1];
        for (int i = 0; i < zeroOrOne.length; i++) {
            if (zeroOrOne[i] != 0 && zeroOrOne[i] != 1) {
                throw new IllegalArgumentException(
                        "Labels.column: label " + zeroOrOne[i] + " at row " + i + " is not 0 or 1");
            }
            col[i][0] = zeroOrOne[i];
        }
        return Nd4j.createFromArray(col);
    }
}
