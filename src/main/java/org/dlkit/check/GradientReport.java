package org.dlkit.check;

import java.util.List;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The result of a gradient check: per tensor, the worst relative error between backward's gradient
 * and the numerical one, and a verdict.
 */
public record GradientReport(List<Row> rows) {

    /** ≤ 1e-7 good; up to 1e-4 acceptable only where kinks were met; anything else wrong. */
    public enum Verdict {
        GOOD("good"),
        KINKS("ok (kinks)"),
        WRONG("wrong");

        final String label;

        Verdict(String label) {
            this.label = label;
        }

        static Verdict of(double worst, int kinks) {
            if (worst <= 1e-7) return GOOD;
            if (worst <= 1e-4 && kinks > 0) return KINKS;
            return WRONG;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /**
     * @param kinks coordinates skipped because a nudge crossed a kink
     */
    public record Row(
            String layer, String tensor, double worstRelativeError, int kinks, Verdict verdict) {}

    public boolean passed() {
        return rows.stream().noneMatch(r -> r.verdict() == Verdict.WRONG);
    }

    public double worst() {
        return rows.stream().mapToDouble(Row::worstRelativeError).max().orElse(0);
    }

    /** layer, tensor, worst relative error, kinks, verdict: for {@code show(...)} in a lesson. */
    public Table table() {
        var layer = StringColumn.create("layer");
        var tensor = StringColumn.create("tensor");
        var err = DoubleColumn.create("worst relative error");
        var kinks = IntColumn.create("kinks skipped");
        var verdict = StringColumn.create("verdict");
        for (Row r : rows) {
            layer.append(r.layer());
            tensor.append(r.tensor());
            err.append(r.worstRelativeError());
            kinks.append(r.kinks());
            verdict.append(r.verdict().toString());
        }
        return Table.create("Gradient check", layer, tensor, err, kinks, verdict);
    }

    @Override
    public String toString() {
        return table().printAll();
    }
}
