package org.dlkit.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.dlkit.data.DataFiles;
import org.dlkit.data.Source;

/**
 * The lesson pages of {@code build/site/} as a folder that stands on its own: MathJax, which
 * typesets their formulas, sits beside them in {@code mathjax/} and the pages load it by a relative
 * link. Copied to a course web server or opened on a laptop with no network, the formulas render.
 *
 * <p>MathJax 3.2.2 comes from the npm package {@code mathjax@3.2.2}: the one-file TeX-to-HTML
 * component with every TeX extension, and the TeX fonts (1.7 MB together), checked against {@code
 * data/mathjax.sha256} and cached in the data folder like a dataset.
 */
public final class Site {
    /** The page's link to the loader, relative to the page (run_notebook.py writes it). */
    static final String LOADER = "mathjax/dlkit-mathjax.js";

    private static final Source NPM = Source.npm("mathjax@3.2.2", "es5");

    private Site() {}

    /**
     * Puts MathJax into {@code site/mathjax/}, fetching it into the data folder the first time.
     *
     * @throws IOException naming what could not be fetched or written, and what to do
     */
    public static void placeMathJax(Path site) throws IOException {
        placeMathJax(site, DataFiles.checksums("mathjax"), List.of(NPM));
    }

    /** {@link #placeMathJax(Path)} with the files and where to fetch them given (tests). */
    static void placeMathJax(Path site, Map<String, String> sums, List<Source> sources)
            throws IOException {
        Path cache =
                DataFiles.ensure(
                        "MathJax (the lesson pages' formulas)",
                        DataFiles.folder().resolve("mathjax"),
                        sums,
                        sources);
        Path target = site.resolve("mathjax");
        for (var e : sums.entrySet()) {
            Path to = target.resolve(e.getKey());
            if (Files.isRegularFile(to) && DataFiles.sha256(to).equals(e.getValue())) continue;
            Files.createDirectories(to.getParent());
            DataFiles.writeAtomically(to, Files.readAllBytes(cache.resolve(e.getKey())));
        }
        DataFiles.writeAtomically(target.resolve("dlkit-mathjax.js"), loader());
    }

    /**
     * {@link #placeMathJax} for {@code kit run}: a page without formulas is still worth having, so
     * a failure is a warning on {@code out}, not an error.
     */
    static void placeMathJax(Path site, java.io.PrintStream out) {
        placeMathJax(site, out, List.of(NPM));
    }

    static void placeMathJax(Path site, java.io.PrintStream out, List<Source> sources) {
        try {
            placeMathJax(site, DataFiles.checksums("mathjax"), sources);
        } catch (IOException | RuntimeException e) {
            out.println(
                    "kit: warning: the pages in "
                            + site
                            + " will show their formulas as TeX source: MathJax could not be placed beside them.\n  "
                            + e.getMessage().replace("\n", "\n  "));
        }
    }

    /**
     * The script the pages load: MathJax's settings as nbconvert's own page template gives them to
     * MathJax 2 ($…$ inline, $$…$$ displayed, AMS equation numbers), then MathJax itself from the
     * loader's own folder, wherever the pages were copied to.
     */
    static String loader() {
        return """
                // dlkit: MathJax for these pages, from the folder this file is in (no network, no /usr/share).
                (function () {
                  var here = document.currentScript.src;
                  var base = here.substring(0, here.lastIndexOf('/') + 1);
                  window.MathJax = {
                    tex: {
                      inlineMath: [['$', '$'], ['\\\\(', '\\\\)']],
                      displayMath: [['$$', '$$'], ['\\\\[', '\\\\]']],
                      processEscapes: true,
                      processEnvironments: true,
                      tags: 'ams'
                    },
                    chtml: {fontURL: base + 'output/chtml/fonts/woff-v2'},
                    loader: {paths: {mathjax: base.replace(/\\/$/, '')}}
                  };
                  var script = document.createElement('script');
                  script.src = base + 'tex-chtml-full.js';
                  script.async = true;
                  document.head.appendChild(script);
                })();
                """;
    }
}
