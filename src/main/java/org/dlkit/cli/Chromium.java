package org.dlkit.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.dlkit.data.Programs;

/**
 * The browser the browser test drives: Chromium and its ChromeDriver, from Debian's packages {@code
 * chromium} and {@code chromium-driver}. {@code kit test} installs them with apt when it runs as
 * root and they are missing, as it does for Jupyter.
 */
public final class Chromium {
    static final List<String> APT_PACKAGES = List.of("chromium", "chromium-driver");

    /** The browser and its driver. */
    public record Found(Path browser, Path driver) {}

    private Chromium() {}

    /** Chromium and ChromeDriver on PATH, or empty when either is missing. */
    public static Optional<Found> find() {
        Optional<Path> browser = Programs.onPath("chromium");
        if (browser.isEmpty()) browser = Programs.onPath("chromium-browser");
        Optional<Path> driver = Programs.onPath("chromedriver");
        if (browser.isEmpty() || driver.isEmpty()) return Optional.empty();
        return Optional.of(new Found(browser.get(), driver.get()));
    }

    /**
     * For {@code kit test}: installs the two packages when they are missing and apt can (root,
     * Debian/Ubuntu); otherwise says what to run, and the browser test will fail with the same
     * words.
     */
    static void ensure(PrintStream out) {
        if (find().isPresent()) return;
        Integer rc =
                Jupyter.aptInstall(
                        out, "kit: the browser test needs Chromium; installing", APT_PACKAGES);
        if (rc != null && rc == 0 && find().isPresent()) return;
        if (rc != null)
            out.println("kit: apt-get install failed (exit " + rc + "); its messages are above.");
        out.println("kit: warning: " + missingMessage(Jupyter.isRoot()));
    }

    public static String missingMessage(boolean root) {
        return "Chromium and ChromeDriver were not found (the browser test drives them). Debian/Ubuntu: "
                + (root ? "" : "sudo ")
                + "apt-get install -y "
                + String.join(" ", APT_PACKAGES);
    }
}
