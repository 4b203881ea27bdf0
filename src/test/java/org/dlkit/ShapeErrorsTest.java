package org.dlkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.dlkit.data.DataSet;
import org.dlkit.nn.BatchNorm;
import org.dlkit.nn.Conv2D;
import org.dlkit.nn.Dense;
import org.dlkit.nn.Init;
import org.dlkit.nn.Mode;
import org.dlkit.nn.Network;
import org.dlkit.nn.Pooling;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Every shape error of the kit comes from {@link org.dlkit.tensor.Shapes}, in one form: "where:
 * tensor expected … but got [shape] (hint)". Read from the sources: no exception is built by hand
 * around a tensor's shape. A checkpoint file that does not fit a network and a failed check are
 * reported by their own classes, which name the file or the check.
 */
class ShapeErrorsTest {

    private static final Set<String> OWN_REPORTS = Set.of("Checkpoint.java", "Shapes.java");

    static List<String> handMade(Path root) throws IOException {
        var out = new ArrayList<String>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                if (OWN_REPORTS.contains(f.getFileName().toString())) continue;
                String src = Files.readString(f);
                int at = 0;
                while ((at = src.indexOf("new IllegalArgumentException(", at)) >= 0) {
                    int end = closing(src, src.indexOf('(', at));
                    String message = src.substring(at, end);
                    if (message.contains("shape()") || message.matches("(?s).*toString\\(in\\b.*"))
                        out.add(root.relativize(f) + ": " + message.replaceAll("\\s+", " "));
                    at = end;
                }
            }
        }
        return out;
    }

    /**
     * The end of the call whose "(" is at open; parentheses inside string literals do not count.
     */
    private static int closing(String s, int open) {
        int depth = 0;
        boolean quoted = false;
        for (int i = open; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted) {
                if (c == '\\') i++;
                else if (c == '"') quoted = false;
            } else if (c == '"') quoted = true;
            else if (c == '(') depth++;
            else if (c == ')' && --depth == 0) return i + 1;
        }
        return s.length();
    }

    @Test
    void noShapeErrorIsBuiltByHand() throws IOException {
        assertEquals(List.of(), handMade(Path.of("src/main/java/org/dlkit")));
    }

    @Test
    void theScanFindsAHandMadeShapeError(@org.junit.jupiter.api.io.TempDir Path dir)
            throws IOException {
        Files.writeString(
                dir.resolve("Bad.java"),
                "class Bad { void f(INDArray x) { if (x.rank() != 2) throw new"
                        + " IllegalArgumentException(\"x: expected rank 2, got \" +"
                        + " java.util.Arrays.toString(x.shape())); } }");
        assertEquals(1, handMade(dir).size());
    }

    /** The same form wherever the shape is wrong: layer, tensor, expected, got, hint. */
    @Test
    void layersAndDataSayWhereWhatWasExpectedAndWhatCame() {
        var images = Nd4j.zeros(DataType.FLOAT, 2, 1, 28, 28);
        var dense = new Network("n", new Dense("hidden1", 784, 10, Init.XAVIER, 1));
        assertMessage(
                "Dense[hidden1].forward: x expected [N, 784] but got [N, 1, 28, 28] (did you forget"
                        + " Flatten?)",
                () -> dense.outputShape(new long[] {1, 28, 28}));
        assertMessage(
                "Dense[hidden1].forward: x expected [N, 784] but got [2, 1, 28, 28]",
                () -> dense.forward(images, Mode.EVAL));
        assertMessage(
                "Pooling[p].forward: x expected [N, C, H, W] with H, W ≥ 5 but got [N, 1, 4, 4] (a"
                        + " 5×5 window does not fit a 4×4 input)",
                () -> Pooling.max("p", 5).outputShape(new long[] {1, 4, 4}));
        assertMessage(
                "Conv2D[c].forward: x expected [N, 3, ?, ?] but got [N, 1, 28, 28]",
                () -> new Conv2D("c", 3, 4, 5, Init.HE, 1).outputShape(new long[] {1, 28, 28}));
        assertMessage(
                "BatchNorm[bn].forward: x expected [N, 8] or [N, 8, H, W] but got [2, 1, 28, 28]",
                () -> new BatchNorm("bn", 8).forward(images, Mode.TRAIN));
        assertMessage(
                "DataSet[d]: y expected 2 rows, as many as x has but got [3, 10] (every example"
                        + " needs exactly one target)",
                () -> new DataSet("d", images, Nd4j.zeros(DataType.FLOAT, 3, 10)));
    }

    private static void assertMessage(String start, org.junit.jupiter.api.function.Executable e) {
        var thrown = assertThrows(IllegalArgumentException.class, e);
        assertTrue(thrown.getMessage().startsWith(start), thrown.getMessage());
    }
}
