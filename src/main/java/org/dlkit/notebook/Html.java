package org.dlkit.notebook;

import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/** Small HTML helpers: escaping (the kit's one escaper) and a Tablesaw table as an HTML table. */
public final class Html {
    private Html() {}

    /** Text made safe inside HTML elements and attribute values: &lt; &gt; &amp; &quot;. */
    public static String escape(String s) {
        var out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * A table with its name as caption, numbers right-aligned; tables longer than maxRows show
     * their first and last rows with a "⋮" row between.
     */
    static String table(Table t, int maxRows) {
        var h = new StringBuilder("<table class=\"dlkit\">");
        if (t.name() != null && !t.name().isBlank()) {
            h.append("<caption>").append(escape(t.name())).append("</caption>");
        }
        h.append("<thead><tr>");
        for (Column<?> c : t.columns()) h.append("<th>").append(escape(c.name())).append("</th>");
        h.append("</tr></thead><tbody>");
        int n = t.rowCount();
        int head = n <= maxRows ? n : maxRows / 2;
        for (int r = 0; r < head; r++) row(h, t, r);
        if (head < n) {
            h.append("<tr>");
            for (int c = 0; c < t.columnCount(); c++) h.append("<td>⋮</td>");
            h.append("</tr>");
            for (int r = n - (maxRows - head); r < n; r++) row(h, t, r);
        }
        return h.append("</tbody></table>").toString();
    }

    private static void row(StringBuilder h, Table t, int r) {
        h.append("<tr>");
        for (Column<?> c : t.columns()) {
            boolean number = c.type().name().matches("INTEGER|LONG|SHORT|FLOAT|DOUBLE");
            boolean real = c.type().name().matches("FLOAT|DOUBLE") && !c.isMissing(r);
            h.append(number ? "<td style=\"text-align:right\">" : "<td style=\"text-align:left\">")
                    .append(
                            escape(
                                    real
                                            ? number(((Number) c.get(r)).doubleValue())
                                            : c.getString(r)))
                    .append("</td>");
        }
        h.append("</tr>");
    }

    /**
     * A real number as a person reads it in a table: whole numbers without decimals, others to four
     * significant digits (0.003579, 97.78), very large or small ones in e-notation.
     */
    static String number(double v) {
        if (Double.isNaN(v)) return "–";
        if (Double.isInfinite(v)) return v > 0 ? "∞" : "−∞";
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        double a = Math.abs(v);
        if (a >= 1e-4 && a < 1e7) {
            return new java.math.BigDecimal(v)
                    .round(new java.math.MathContext(4))
                    .stripTrailingZeros()
                    .toPlainString();
        }
        return String.format(java.util.Locale.ROOT, "%.3e", v);
    }
}
