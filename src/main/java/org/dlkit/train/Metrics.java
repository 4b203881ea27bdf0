package org.dlkit.train;

import java.util.List;
import org.dlkit.tensor.Shapes;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** How often a classifier is right. */
public final class Metrics {
    private Metrics() {}

    /**
     * The fraction of rows classified correctly. Scores and targets are (N, M): with M > 1 the
     * class is the arg-max of each row (one-hot targets); with M = 1 the class is "score &gt;
     * threshold" against a 0/1 target — threshold 0 for logits, 0.5 for a sigmoid's output.
     */
    public static double accuracy(INDArray scores, INDArray targets, double threshold) {
        return correct(scores, targets, threshold) / (double) scores.size(0);
    }

    /** {@link #accuracy(INDArray, INDArray, double)} for logits (threshold 0) or one-hot rows. */
    public static double accuracy(INDArray scores, INDArray targets) {
        return accuracy(scores, targets, 0);
    }

    /**
     * The confusion matrix of a classifier with M > 1 classes: entry [i][j] counts the rows of
     * class i (arg-max of the target) that were predicted as class j (arg-max of the score). The
     * diagonal holds the right answers.
     */
    public static long[][] confusion(INDArray scores, INDArray targets) {
        if (scores.rank() != 2 || scores.size(1) < 2)
            throw Shapes.mismatch("Metrics.confusion", "scores", "[N, M] with M ≥ 2", scores, null);
        Shapes.require(
                "Metrics.confusion", "targets", targets, scores.shape(), "shaped like the scores");
        int m = (int) scores.size(1);
        long[][] counts = new long[m][m];
        int[] predicted = scores.argMax(1).toIntVector();
        int[] truth = targets.argMax(1).toIntVector();
        for (int n = 0; n < predicted.length; n++) counts[truth[n]][predicted[n]]++;
        return counts;
    }

    /**
     * The plurality vote of an ensemble: each network's scores (N, M) name its class for every row
     * (the arg-max); a row's class is the one most networks chose, and a tie goes to the tied class
     * with the larger mean softmax probability (then to the lower class number). One class per row.
     */
    public static int[] vote(List<INDArray> scores) {
        if (scores.isEmpty())
            throw new IllegalArgumentException(
                    "Metrics.vote: give the scores of at least one network, got none");
        INDArray first = scores.get(0);
        if (first.rank() != 2 || first.size(1) < 2)
            throw Shapes.mismatch("Metrics.vote", "scores", "[N, M] with M ≥ 2", first, null);
        int n = (int) first.size(0), m = (int) first.size(1);
        int[][] votes = new int[n][m];
        double[][] probability = new double[n][m]; // summed over the networks
        for (int k = 0; k < scores.size(); k++) {
            INDArray s = scores.get(k);
            Shapes.require(
                    "Metrics.vote",
                    "the scores of network " + (k + 1),
                    s,
                    first.shape(),
                    "every network scores the same rows and classes");
            double[][] rows = s.castTo(DataType.DOUBLE).toDoubleMatrix();
            for (int i = 0; i < n; i++) {
                int best = 0;
                double max = Double.NEGATIVE_INFINITY, sum = 0;
                for (int j = 0; j < m; j++) if (rows[i][j] > rows[i][best]) best = j;
                max = rows[i][best];
                for (int j = 0; j < m; j++) sum += Math.exp(rows[i][j] - max);
                for (int j = 0; j < m; j++) probability[i][j] += Math.exp(rows[i][j] - max) / sum;
                votes[i][best]++;
            }
        }
        int[] chosen = new int[n];
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int j = 1; j < m; j++) {
                if (votes[i][j] > votes[i][best]
                        || (votes[i][j] == votes[i][best]
                                && probability[i][j] > probability[i][best])) best = j;
            }
            chosen[i] = best;
        }
        return chosen;
    }

    /**
     * How many rows are right. Counted in Java on a copy of the two small matrices: ND4J's arg-max,
     * comparison and sum cost ~50 µs each, as much as a small network's whole step.
     */
    static long correct(INDArray scores, INDArray targets, double threshold) {
        int n = (int) scores.size(0), m = (int) scores.size(1);
        double[] s = scores.dup('c').data().asDouble();
        double[] t = targets.dup('c').data().asDouble();
        long right = 0;
        for (int i = 0; i < n; i++) {
            if (m == 1) {
                if ((s[i] > threshold) == (t[i] > 0.5)) right++;
                continue;
            }
            int predicted = 0, truth = 0; // the first largest, as ND4J's arg-max
            for (int j = 1; j < m; j++) {
                if (s[i * m + j] > s[i * m + predicted]) predicted = j;
                if (t[i * m + j] > t[i * m + truth]) truth = j;
            }
            if (predicted == truth) right++;
        }
        return right;
    }
}
