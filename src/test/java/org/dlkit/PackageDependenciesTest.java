package org.dlkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Dependencies between the kit's packages point one way (STYLE.md, point 1): tensor ← nn ← train ←
 * autoencoder, check → nn, data → tensor, and nothing in the library depends on plot, notebook or
 * cli. Read from the sources: import lines and classes written out in full (comments aside).
 */
class PackageDependenciesTest {

    /** package → the kit packages it may import (itself always allowed). */
    static final Map<String, Set<String>> ALLOWED =
            Map.ofEntries(
                    Map.entry("tensor", Set.of()),
                    Map.entry("nn", Set.of("tensor")),
                    Map.entry("nn.reference", Set.of("tensor", "nn")),
                    Map.entry("data", Set.of("tensor")),
                    Map.entry("train", Set.of("tensor", "nn", "data")),
                    Map.entry("autoencoder", Set.of("tensor", "nn", "train", "data")),
                    Map.entry("check", Set.of("tensor", "nn", "nn.reference")),
                    Map.entry("plot", Set.of("tensor", "nn", "train", "data")),
                    Map.entry("notebook", Set.of("tensor", "nn", "train", "data", "plot", "check")),
                    Map.entry("parallel", Set.of("tensor", "nn", "train", "data")),
                    Map.entry("spark", Set.of("tensor", "nn", "train", "data", "parallel")),
                    Map.entry(
                            "cli",
                            Set.of(
                                    "tensor",
                                    "nn",
                                    "nn.reference",
                                    "train",
                                    "autoencoder",
                                    "data",
                                    "check",
                                    "plot",
                                    "notebook",
                                    "parallel",
                                    "spark")));

    /** A use of a kit class: in an import line or written out in full in the code. */
    private static final Pattern USE = Pattern.compile("\\borg\\.dlkit\\.([a-z.]+?)\\.[A-Z]");

    /** Comments removed: a Javadoc link to another package is not a dependency. */
    private static final Pattern COMMENT = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);

    static List<String> violations(Path root) throws IOException {
        var out = new ArrayList<String>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String pkg = root.relativize(f.getParent()).toString().replace('/', '.');
                Set<String> allowed = ALLOWED.get(pkg);
                if (allowed == null) {
                    out.add(f + ": package org.dlkit." + pkg + " is not in the dependency table");
                    continue;
                }
                var m = USE.matcher(COMMENT.matcher(Files.readString(f)).replaceAll(" "));
                while (m.find()) {
                    String used = m.group(1);
                    if (!used.equals(pkg) && !allowed.contains(used)) {
                        out.add(
                                "org.dlkit."
                                        + pkg
                                        + " ("
                                        + f.getFileName()
                                        + ") uses org.dlkit."
                                        + used);
                    }
                }
            }
        }
        return out;
    }

    @Test
    void libraryPackagesDependOneWay() throws IOException {
        Path root = Path.of(System.getProperty("user.dir"), "src", "main", "java", "org", "dlkit");
        assertTrue(Files.isDirectory(root), root.toString());
        assertEquals(List.of(), violations(root));
    }

    @Test
    void aForbiddenImportIsCaught(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path nn = Files.createDirectories(dir.resolve("nn"));
        Files.writeString(
                nn.resolve("Dense.java"),
                "package org.dlkit.nn;\nimport org.dlkit.notebook.Notebook;\nclass Dense {}\n");
        assertEquals(List.of("org.dlkit.nn (Dense.java) uses org.dlkit.notebook"), violations(dir));
    }

    @Test
    void aFullyQualifiedUseIsCaughtAndAJavadocLinkIsNot(@org.junit.jupiter.api.io.TempDir Path dir)
            throws IOException {
        Path nn = Files.createDirectories(dir.resolve("nn"));
        Files.writeString(
                nn.resolve("Pooling.java"),
                "package org.dlkit.nn;\n/** As {@link org.dlkit.nn.reference.PoolLoops}. */\n"
                        + "class Pooling { Object f = org.dlkit.plot.Images.class; // org.dlkit.cli.Kit\n}\n");
        assertEquals(List.of("org.dlkit.nn (Pooling.java) uses org.dlkit.plot"), violations(dir));
    }
}
