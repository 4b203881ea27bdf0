package org.dlkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dlkit.data.DataFiles;
import org.dlkit.data.Source;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The site's own MathJax: fetched into the data folder once, placed beside the pages, loaded by a
 * relative link. (BrowserIT opens a moved copy of a real page and sees the formulas typeset.)
 */
class SiteTest {
    @TempDir Path dir;

    @Test
    void mathJaxIsFetchedOnceAndPlacedBesideThePages() throws IOException {
        // a stand-in package with MathJax's layout: the component and a font in a subfolder
        Path pkg = dir.resolve("package");
        Files.createDirectories(pkg.resolve("output/chtml/fonts/woff-v2"));
        Files.writeString(pkg.resolve("tex-chtml-full.js"), "/* MathJax */");
        Files.writeString(
                pkg.resolve("output/chtml/fonts/woff-v2/MathJax_Main-Regular.woff"), "font");
        Map<String, String> sums = new LinkedHashMap<>();
        for (String f :
                List.of(
                        "tex-chtml-full.js",
                        "output/chtml/fonts/woff-v2/MathJax_Main-Regular.woff"))
            sums.put(f, DataFiles.sha256(pkg.resolve(f)));
        String old = System.getProperty("dlkit.data");
        System.setProperty("dlkit.data", dir.resolve("data").toString());
        try {
            Path site = dir.resolve("site");
            Site.placeMathJax(site, sums, List.of(Source.directory(pkg)));
            for (var f : sums.entrySet()) {
                assertEquals(
                        f.getValue(),
                        DataFiles.sha256(dir.resolve("data/mathjax").resolve(f.getKey())),
                        "cached " + f.getKey());
                assertEquals(
                        f.getValue(),
                        DataFiles.sha256(site.resolve("mathjax").resolve(f.getKey())),
                        "placed " + f.getKey());
            }
            String loader = Files.readString(site.resolve(Site.LOADER));
            assertTrue(loader.contains("'tex-chtml-full.js'"), loader);
            assertTrue(loader.contains("inlineMath: [['$', '$']"), loader);
            assertFalse(
                    loader.contains("file://") || loader.contains("http"),
                    "the loader links nowhere else");

            // the second site needs no source: the data folder has the files
            Path other = dir.resolve("other-site");
            Site.placeMathJax(other, sums, List.of());
            assertTrue(
                    Files.isRegularFile(
                            other.resolve(
                                    "mathjax/output/chtml/fonts/woff-v2/MathJax_Main-Regular.woff")));
            // a placed file that was damaged is replaced; nothing temporary is left behind
            Files.writeString(site.resolve("mathjax/tex-chtml-full.js"), "broken");
            Site.placeMathJax(site, sums, List.of());
            assertEquals(
                    "/* MathJax */", Files.readString(site.resolve("mathjax/tex-chtml-full.js")));
            try (var all = Files.walk(dir)) {
                assertEquals(
                        List.of(),
                        all.filter(p -> p.toString().matches(".*\\.(tmp|part)$")).toList());
            }
        } finally {
            if (old == null) System.clearProperty("dlkit.data");
            else System.setProperty("dlkit.data", old);
        }
    }

    @Test
    void withoutMathJaxKitRunWarnsAndGoesOn() {
        var out = new java.io.ByteArrayOutputStream();
        String old = System.getProperty("dlkit.data");
        System.setProperty("dlkit.data", dir.resolve("data").toString());
        try {
            // the real checksums, no source: as on a machine with no network and no cache
            Site.placeMathJax(
                    dir.resolve("site"),
                    new java.io.PrintStream(out, true, StandardCharsets.UTF_8),
                    List.of());
        } finally {
            if (old == null) System.clearProperty("dlkit.data");
            else System.setProperty("dlkit.data", old);
        }
        String said = out.toString(StandardCharsets.UTF_8);
        assertTrue(
                said.contains("formulas as TeX source") && said.contains("tex-chtml-full.js"),
                said);
    }

    @Test
    void pagesLoseTheirLinksToTheBuildMachine() throws Exception {
        // run_notebook.py's self_contained(), on the lines nbconvert's template writes on Debian
        String page =
                "<script src=\"file:///usr/share/javascript/requirejs/require.min.js\"></script>\n"
                        + "<script src=\"mathjax/dlkit-mathjax.js\"> </script>\n";
        Path script = dir.resolve("run_notebook.py");
        try (var in = NotebookRunner.class.getResourceAsStream("run_notebook.py")) {
            Files.write(script, in.readAllBytes());
        }
        // only the two definitions, so that no Jupyter module is needed to test them
        String source = Files.readString(script);
        String defs =
                "import re\n"
                        + source.substring(
                                source.indexOf("MATHJAX = "), source.indexOf("def execute("));
        Path py = dir.resolve("check.py");
        Files.writeString(
                py,
                defs
                        + "\nimport sys\nsys.stdout.write(self_contained(sys.stdin.read()) + '|' + MATHJAX)\n");
        var p = new ProcessBuilder("python3", py.toString()).start();
        p.getOutputStream().write(page.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(
                0,
                p.waitFor(),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        assertEquals("<script src=\"mathjax/dlkit-mathjax.js\"> </script>\n|" + Site.LOADER, out);
    }
}
