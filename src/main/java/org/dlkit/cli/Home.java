package org.dlkit.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The project's folders. The root is the system property {@code dlkit.home} (set by the {@code kit}
 * script and by the tests), else the folder above the {@code lib/} that holds dlkit.jar.
 */
public record Home(Path root) {

    public static Home locate() {
        String p = System.getProperty("dlkit.home");
        if (p != null && !p.isBlank()) return new Home(Path.of(p).toAbsolutePath().normalize());
        try {
            Path jar =
                    Path.of(Home.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path root = Files.isDirectory(jar) ? jar : jar.getParent().getParent();
            return new Home(root.toAbsolutePath().normalize());
        } catch (URISyntaxException | RuntimeException e) {
            return new Home(Path.of("").toAbsolutePath());
        }
    }

    public Path lib() {
        return root.resolve("lib");
    }

    public Path notebooks() {
        return root.resolve("notebooks");
    }

    public Path build() {
        return root.resolve("build");
    }

    /** The Java that runs kit, which the kernel will run too. */
    public static Path java() {
        String p = System.getProperty("dlkit.java");
        if (p != null && !p.isBlank()) return Path.of(p);
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }
}
