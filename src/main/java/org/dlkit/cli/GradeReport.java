package org.dlkit.cli;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.dlkit.data.DataFiles;
import org.dlkit.notebook.Html;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;
import tech.tablesaw.io.csv.CsvWriteOptions;

/**
 * What grading writes: the class's table (grades.csv, merged by submission so that no earlier run's
 * grades are lost), one feedback page per submission (each exercise: the student's code, each
 * check's outcome with expected vs got, the points) and an index of the pages.
 */
final class GradeReport {
    private GradeReport() {}

    /** The columns of grades.csv, one row per check of a graded submission. */
    static final List<String> COLUMNS =
            List.of(
                    "submission",
                    "lesson",
                    "exercise",
                    "check",
                    "points",
                    "max",
                    "status",
                    "detail");

    /** One graded submission, as the report shows it. */
    record Graded(
            String submission,
            String lesson,
            String mode,
            GradeRun.Result result,
            Map<String, String> answers) {}

    /**
     * grades.csv with this run's rows in place of any earlier rows of the same submissions; the
     * rows of other submissions are kept. Read and written by Tablesaw's CSV reader and writer
     * (fields quoted where they must be), written to a temporary file and renamed.
     */
    static void mergeCsv(Path file, List<Graded> graded) {
        try {
            Table table = read(file);
            if (!table.columnNames().equals(COLUMNS)) {
                // an older layout: keep it whole beside the new table rather than mix the two
                Files.copy(
                        file,
                        file.resolveSibling("grades-old-layout.csv"),
                        StandardCopyOption.REPLACE_EXISTING);
                table = empty();
            }
            Set<String> regraded = new HashSet<>();
            graded.forEach(g -> regraded.add(g.submission()));
            table = table.where(table.stringColumn("submission").isNotIn(regraded));
            for (Graded g : graded)
                for (GradeRun.Score s : g.result().scores()) {
                    List<String> row =
                            List.of(
                                    g.submission(),
                                    g.lesson(),
                                    s.exercise(),
                                    s.gradeId(),
                                    num(s.points()),
                                    num(s.max()),
                                    s.status(),
                                    firstLine(s.detail()));
                    for (int c = 0; c < row.size(); c++) table.stringColumn(c).append(row.get(c));
                }
            var csv = new StringWriter();
            table.write().csv(CsvWriteOptions.builder(csv).build());
            DataFiles.writeAtomically(file, csv.toString());
        } catch (IOException | RuntimeException e) {
            throw new KitException("cannot update " + file + ": " + e.getMessage());
        }
    }

    /** grades.csv as a table of text columns; an empty table of {@link #COLUMNS} if none. */
    static Table read(Path file) throws IOException {
        if (!Files.isRegularFile(file) || Files.size(file) == 0) return empty();
        return Table.read()
                .usingOptions(
                        CsvReadOptions.builder(file.toFile())
                                .columnTypes(column -> ColumnType.STRING)
                                .missingValueIndicator("\u0000")
                                .maxCharsPerColumn(1 << 20));
    }

    private static Table empty() {
        var table = Table.create("grades");
        for (String c : COLUMNS) table.addColumns(StringColumn.create(c));
        return table;
    }

    /** The terminal's table for one submission. */
    static String table(Graded g) {
        var s = new StringBuilder();
        s.append(
                String.format(
                        Locale.ROOT, "%s (%s, %s mode)%n", g.submission(), g.lesson(), g.mode()));
        for (GradeRun.Score sc : g.result().scores())
            s.append(
                    String.format(
                            Locale.ROOT,
                            "  %-20s %5s / %-5s %s%s%n",
                            sc.gradeId(),
                            num(sc.points()),
                            num(sc.max()),
                            sc.status(),
                            sc.detail().isBlank() ? "" : ": " + firstLine(sc.detail())));
        s.append(
                String.format(
                        Locale.ROOT,
                        "  %-20s %5s / %-5s (%.0f s)%n",
                        "total",
                        num(g.result().points()),
                        num(g.result().max()),
                        g.result().seconds()));
        return s.toString();
    }

    /** The feedback page of one submission. */
    static String page(Graded g) {
        var h = new StringBuilder(head(g.submission() + ": " + g.lesson()));
        h.append("<h1>")
                .append(Html.escape(g.submission()))
                .append("</h1><p>")
                .append(Html.escape(g.lesson()))
                .append(", graded in ")
                .append(g.mode())
                .append(" mode: <b>")
                .append(num(g.result().points()))
                .append(" / ")
                .append(num(g.result().max()))
                .append("</b> points.</p>");
        Map<String, List<GradeRun.Score>> byExercise = new LinkedHashMap<>();
        for (GradeRun.Score s : g.result().scores())
            byExercise.computeIfAbsent(s.exercise(), k -> new ArrayList<>()).add(s);
        for (var e : byExercise.entrySet()) {
            double got = e.getValue().stream().mapToDouble(GradeRun.Score::points).sum();
            double max = e.getValue().stream().mapToDouble(GradeRun.Score::max).sum();
            h.append("<h2>")
                    .append(Html.escape(e.getKey()))
                    .append(" — ")
                    .append(num(got))
                    .append(" / ")
                    .append(num(max))
                    .append("</h2>");
            String code = g.answers().get(e.getKey());
            if (code != null)
                h.append("<pre class=code>").append(Html.escape(code)).append("</pre>");
            h.append("<table><tr><th>check</th><th>points</th><th>result</th></tr>");
            for (GradeRun.Score s : e.getValue()) {
                h.append("<tr class=")
                        .append(s.points() == s.max() ? "pass" : "fail")
                        .append("><td>")
                        .append(Html.escape(s.gradeId()))
                        .append("</td><td>")
                        .append(num(s.points()))
                        .append(" / ")
                        .append(num(s.max()))
                        .append("</td><td>")
                        .append(Html.escape(s.status()));
                if (!s.detail().isBlank())
                    h.append("<pre>").append(Html.escape(s.detail())).append("</pre>");
                h.append("</td></tr>");
            }
            h.append("</table>");
        }
        return h.append("</body></html>\n").toString();
    }

    /** The index of the feedback pages. */
    static String index(List<Graded> graded) {
        var h = new StringBuilder(head("grades"));
        h.append(
                "<h1>Grades</h1><table><tr><th>submission</th><th>lesson</th><th>points</th></tr>");
        for (Graded g : graded)
            h.append("<tr><td><a href=\"")
                    .append(Html.escape(g.submission()))
                    .append("/feedback.html\">")
                    .append(Html.escape(g.submission()))
                    .append("</a></td><td>")
                    .append(Html.escape(g.lesson()))
                    .append("</td><td>")
                    .append(num(g.result().points()))
                    .append(" / ")
                    .append(num(g.result().max()))
                    .append("</td></tr>");
        return h.append("</table></body></html>\n").toString();
    }

    static void write(Path file, String text) {
        try {
            DataFiles.writeAtomically(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String head(String title) {
        return "<!doctype html><html><head><meta charset=\"utf-8\"><title>"
                + Html.escape(title)
                + "</title><style>body{font-family:sans-serif;max-width:60em;margin:2em auto}"
                + "pre{white-space:pre-wrap;margin:.3em 0}pre.code{background:#f4f4f4;padding:.6em}"
                + "td,th{padding:.2em .8em;text-align:left;vertical-align:top}"
                + "tr.pass td:nth-child(3){color:#1a7f37}tr.fail td:nth-child(3){color:#c62828}"
                + "</style></head><body>";
    }

    private static String quote(String s) {
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }

    static String firstLine(String s) {
        String line = s.strip().lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 197) + "…" : line;
    }

    static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.2f", v);
    }
}
