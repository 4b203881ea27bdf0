package org.dlkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The kit as a person uses it, in a real browser: Debian's Chromium, headless, driven by Selenium.
 *
 * <p>One test starts the notebook server as {@code kit lab} does (loopback, Jupyter's token), opens
 * the URL with the token, opens 00-welcome, chooses Cell → Run All, and watches: the figures arrive
 * as images, the live figure is redrawn while its cell runs, the check cell prints its pass lines.
 * The other opens a lesson page of {@code kit run}'s site after the folder was moved, and asserts
 * that MathJax typeset its formulas from the copy beside it, loading nothing from elsewhere.
 * Screenshots go to {@code build/browser/}. A missing browser is a failure with the install
 * command, never a skip.
 */
class BrowserIT {
    private static Jupyter jupyter;
    private static Path jupyterPath;
    private static Chromium.Found chromium;
    private static Path shots;
    private static WebDriver browser;

    @BeforeAll
    static void setUp() throws Exception {
        Optional<Jupyter> found = Jupyter.find();
        if (found.isEmpty()) fail(Jupyter.missingMessage(Jupyter.isRoot()));
        jupyter = found.get();
        chromium = Chromium.find().orElseGet(() -> fail(Chromium.missingMessage(Jupyter.isRoot())));
        Home home = new Home(LessonFiles.root());
        jupyterPath = Files.createTempDirectory("dlkit-jupyter-path");
        Path dir = Files.createDirectories(jupyterPath.resolve("kernels").resolve(KernelSpec.NAME));
        KernelSpec.forProject(home, KernelSpec.findIJava(jupyter)).writeTo(dir);
        shots = Files.createDirectories(LessonFiles.root().resolve("build").resolve("browser"));
        browser = open(chromium);
    }

    @AfterAll
    static void tearDown() {
        if (browser != null) browser.quit();
    }

    static WebDriver open(Chromium.Found chromium) throws IOException {
        var options = new ChromeOptions();
        options.setBinary(chromium.browser().toFile());
        // the flags a closed network and a root user need (no sandbox, no background connections)
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--window-size=1280,1600",
                "--user-data-dir=" + Files.createTempDirectory("dlkit-chromium"));
        var service =
                new ChromeDriverService.Builder()
                        .usingDriverExecutable(chromium.driver().toFile())
                        .usingAnyFreePort()
                        .build();
        return new ChromeDriver(service, options);
    }

    // ------------------------------------------------------------------ a lesson, run by hand

    @Test
    void aLessonRunsInTheBrowserWithItsFiguresLiveFigureAndChecks() throws Exception {
        Path folder = Files.createTempDirectory("dlkit-browser-lessons");
        Files.copy(
                LessonFiles.root().resolve("notebooks").resolve("00-welcome.ipynb"),
                folder.resolve("00-welcome.ipynb"));
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        var cmd = new ArrayList<>(Kit.Lab.server(jupyter, folder, port, true));
        cmd.replaceAll(a -> a.equals("lab") ? "notebook" : a); // the test clicks Notebook's menus
        var pb = new ProcessBuilder(cmd).directory(folder.toFile()).redirectErrorStream(true);
        pb.environment().put("JUPYTER_PATH", jupyterPath.toString());
        pb.environment().put("JUPYTER_CONFIG_DIR", folder.resolve(".config").toString());
        pb.environment().put("JUPYTER_RUNTIME_DIR", folder.resolve(".runtime").toString());
        pb.environment().remove("DLKIT_QUICK"); // the live figure's pauses are off in quick mode
        Process server = pb.start();
        var log = new StringBuffer();
        var url = new CompletableFuture<String>();
        Pattern withToken = Pattern.compile("(http://127\\.0\\.0\\.1:\\d+/\\S*\\?token=\\w+)");
        Thread reader =
                new Thread(
                        () -> {
                            try (var in =
                                    new BufferedReader(
                                            new InputStreamReader(
                                                    server.getInputStream(),
                                                    StandardCharsets.UTF_8))) {
                                for (String line; (line = in.readLine()) != null; ) {
                                    log.append(line).append('\n');
                                    Matcher m = withToken.matcher(line);
                                    if (m.find()) url.complete(m.group(1));
                                }
                            } catch (IOException ignored) {
                                // the server was stopped
                            }
                            url.complete(null);
                        });
        reader.setDaemon(true);
        reader.start();
        try {
            String printed = url.get(120, TimeUnit.SECONDS);
            assertTrue(printed != null, "the server printed no URL with a token:\n" + log);
            String token = printed.replaceAll(".*\\?token=", "");
            String page = "http://127.0.0.1:" + port + "/notebooks/00-welcome.ipynb?token=" + token;
            runWelcome(page, log);
        } finally {
            server.descendants().forEach(ProcessHandle::destroy);
            server.destroy();
            if (!server.waitFor(20, TimeUnit.SECONDS)) server.destroyForcibly();
        }
    }

    private static void runWelcome(String page, StringBuffer log) throws Exception {
        var js = (JavascriptExecutor) browser;
        long opened = System.nanoTime();
        browser.get(page);
        wait(120, "the notebook page and its kernel to start", log)
                .until(
                        d ->
                                Boolean.TRUE.equals(
                                        js.executeScript(
                                                "return !!(window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel"
                                                        + " && Object.keys(Jupyter.notebook.kernel.info_reply || {}).length > 0"
                                                        + " && document.querySelector('#kernel_indicator_icon.kernel_idle_icon'))")));
        double kernelStart = (System.nanoTime() - opened) / 1e9;

        // watch the live figure's output and note when the first picture arrives anywhere
        Object liveCell =
                js.executeScript(
                        """
                        const cells = Jupyter.notebook.get_cells();
                        const live = cells.findIndex(c => c.cell_type === 'code' && c.get_text().includes('live(lossChart)'));
                        window.dlkitSeen = new Set();
                        window.dlkitFirstFigure = null;
                        const started = performance.now();
                        const note = () => {
                          if (window.dlkitFirstFigure === null && document.querySelector('.output_area img'))
                            window.dlkitFirstFigure = performance.now() - started;
                          cells[live].element[0].querySelectorAll('.output_area img').forEach(i => window.dlkitSeen.add(i.src));
                        };
                        new MutationObserver(note).observe(document.getElementById('notebook-container'),
                            {subtree: true, childList: true, attributes: true, attributeFilter: ['src']});
                        return live;
                        """);
        assertTrue(((Number) liveCell).intValue() >= 0, "00-welcome has no live-figure cell");

        long runAll = System.nanoTime();
        browser.findElement(By.id("celllink")).click();
        browser.findElement(By.id("run_all_cells")).click();
        wait(300, "Run All to finish", log)
                .until(
                        d -> {
                            Object error =
                                    js.executeScript(
                                            "const e = document.querySelector('.output_error');"
                                                    + " return e ? e.innerText : null;");
                            if (error != null) fail("a cell failed in the browser:\n" + error);
                            return Boolean.TRUE.equals(
                                    js.executeScript(
                                            "return !Jupyter.notebook.kernel_busy && Jupyter.notebook.get_cells()"
                                                    + ".filter(c => c.cell_type === 'code')"
                                                    + ".every(c => typeof c.input_prompt_number === 'number');"));
                        });
        double ran = (System.nanoTime() - runAll) / 1e9;
        Number firstFigure = (Number) js.executeScript("return window.dlkitFirstFigure;");
        long liveDrawings =
                ((Number) js.executeScript("return window.dlkitSeen.size;")).longValue();

        // every cell tagged "figure" shows a picture
        @SuppressWarnings("unchecked")
        List<Object> figures =
                (List<Object>)
                        js.executeScript(
                                "return Jupyter.notebook.get_cells()"
                                        + ".filter(c => (c.metadata.tags || []).includes('figure'))"
                                        + ".map(c => c.element[0].querySelectorAll(\"img[src^='data:image/png']\").length);");
        assertTrue(figures.size() >= 2, "00-welcome should have figure cells; found " + figures);
        for (Object n : figures)
            assertTrue(
                    ((Number) n).intValue() >= 1,
                    "a figure cell shows no picture: pictures per figure cell " + figures);
        // the live figure was redrawn in place while its cell ran: several different pictures
        assertTrue(
                liveDrawings >= 5,
                "the live figure changed only "
                        + liveDrawings
                        + " times while its cell ran (it redraws 10 times)");
        // the check cell printed its pass lines
        String checks =
                (String)
                        js.executeScript(
                                "const cs = Jupyter.notebook.get_cells().filter(c => (c.metadata.tags || []).includes('check'));"
                                        + " const last = cs[cs.length - 1]; last.element[0].scrollIntoView();"
                                        + " return last.element[0].querySelector('.output_area').innerText;");
        assertTrue(
                checks.contains("✔ live figure redrawn 10 times"),
                "the check cell's output:\n" + checks);
        assertEquals(
                3,
                checks.lines().filter(l -> l.startsWith("✔")).count(),
                "three pass lines:\n" + checks);
        Files.write(
                shots.resolve("00-welcome-checks.png"),
                ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        js.executeScript(
                "Jupyter.notebook.get_cell(arguments[0]).element[0].scrollIntoView();", liveCell);
        Files.write(
                shots.resolve("00-welcome-live-figure.png"),
                ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        System.out.printf(
                "browser: kernel ready %.1f s after opening the page; first figure %.1f s after Run All;"
                        + " all %d cells in %.1f s; live figure drawn %d times; screenshots in %s%n",
                kernelStart,
                firstFigure == null ? Double.NaN : firstFigure.doubleValue() / 1000,
                ((Number)
                                js.executeScript(
                                        "return Jupyter.notebook.get_cells().filter(c => c.cell_type === 'code').length;"))
                        .intValue(),
                ran,
                liveDrawings,
                shots);
    }

    // ------------------------------------------------------------ the site, copied elsewhere

    @Test
    void theSiteShowsItsFormulasWhenCopiedElsewhere() throws Exception {
        Path built = Files.createTempDirectory("dlkit-site-built");
        var env = Map.of("DLKIT_QUICK", "1", "JUPYTER_PATH", jupyterPath.toString());
        var r =
                new NotebookRunner(jupyter, built, env, 600)
                        .run(LessonFiles.root().resolve("notebooks").resolve("00-welcome.ipynb"));
        assertTrue(r.ok(), r.summary());
        Site.placeMathJax(built.resolve("site"));
        String html = Files.readString(built.resolve("site").resolve("00-welcome.html"));
        assertTrue(
                !html.contains("file://"),
                "the page still links to the machine that built it: "
                        + html.lines().filter(l -> l.contains("file://")).findFirst().orElse(""));

        // the folder moves away from where it was built, as a copy on a web server or a laptop
        // would
        Path elsewhere = Files.createTempDirectory("dlkit-site-copied").resolve("lessons");
        Files.move(built.resolve("site"), elsewhere);
        String base = elsewhere.toUri().toString();
        var js = (JavascriptExecutor) browser;
        browser.get(base + "00-welcome.html");
        wait(60, "MathJax to typeset the page", null)
                .until(
                        d ->
                                Boolean.TRUE.equals(
                                        js.executeScript(
                                                "return !!(window.MathJax && MathJax.startup && MathJax.startup.promise"
                                                        + " && document.querySelectorAll('mjx-container').length > 0);")));
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
        js.executeAsyncScript(
                "const done = arguments[arguments.length - 1]; MathJax.startup.promise.then(() => done(true));");
        long formulas =
                ((Number)
                                js.executeScript(
                                        "return document.querySelectorAll('mjx-container').length;"))
                        .longValue();
        long displayed =
                ((Number)
                                js.executeScript(
                                        "return document.querySelectorAll('mjx-container[display=\"true\"]').length;"))
                        .longValue();
        long errors =
                ((Number)
                                js.executeScript(
                                        "return document.querySelectorAll('mjx-merror').length;"))
                        .longValue();
        String version = (String) js.executeScript("return MathJax.version;");
        // what the page loaded: its scripts (MathJax's own included) and MathJax's fonts
        @SuppressWarnings("unchecked")
        List<String> loaded =
                (List<String>)
                        js.executeScript(
                                "return [...document.querySelectorAll('script[src], link[href], img[src]')]"
                                        + ".map(e => e.src || e.href).filter(u => !u.startsWith('data:'));");
        @SuppressWarnings("unchecked")
        List<String> fonts =
                (List<String>)
                        js.executeScript(
                                "return [...document.fonts].filter(f => f.family.includes('MJX'))"
                                        + ".map(f => f.family + ' ' + f.status);");
        assertTrue(formulas >= 10, "formulas typeset: " + formulas);
        assertTrue(displayed >= 1, "no displayed formula ($$…$$) was typeset");
        assertEquals(0, errors, "MathJax could not typeset " + errors + " formulas");
        assertTrue(version.startsWith("3."), "MathJax " + version);
        for (String u : loaded)
            assertTrue(
                    u.startsWith(base) || u.startsWith("https://") && !u.contains("mathjax"),
                    "the page loaded " + u + ", which is not in its own folder " + base);
        assertTrue(
                loaded.contains(base + "mathjax/tex-chtml-full.js"),
                "MathJax was not loaded from the folder: " + loaded);
        assertTrue(
                fonts.stream().anyMatch(f -> f.endsWith(" loaded")),
                "none of MathJax's fonts loaded from " + base + "mathjax/: " + fonts);
        browser.findElement(By.cssSelector("mjx-container[display=\"true\"]"));
        js.executeScript(
                "document.querySelector('mjx-container[display=\"true\"]').scrollIntoView({block: 'center'});");
        Files.write(
                shots.resolve("site-00-welcome-formulas.png"),
                ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        System.out.printf(
                "site: %d formulas (%d displayed) typeset by MathJax %s from %s; scripts %s; fonts %s%n",
                formulas, displayed, version, elsewhere, loaded, fonts);
    }

    private static WebDriverWait wait(int seconds, String what, StringBuffer log) {
        var w = new WebDriverWait(browser, Duration.ofSeconds(seconds), Duration.ofMillis(200));
        w.withMessage(
                () ->
                        "waited "
                                + seconds
                                + " s for "
                                + what
                                + (log == null ? "" : "\nthe server said:\n" + log));
        return w;
    }
}
