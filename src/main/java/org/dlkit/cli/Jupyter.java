package org.dlkit.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dlkit.data.Programs;

/**
 * Finds Jupyter, and on Debian/Ubuntu installs it with apt when kit runs as root.
 *
 * <p>What the kit needs of Jupyter: the {@code jupyter} command, a notebook server (JupyterLab or
 * Notebook), and the Python modules nbclient, nbconvert, nbformat and jupyter_client in the Python
 * that runs {@code jupyter}.
 */
final class Jupyter {
    static final List<String> APT_PACKAGES =
            List.of("jupyter-notebook", "jupyter-nbconvert", "python3-nbclient", "jupyter-client");
    static final String MODULES = "nbclient, nbconvert, nbformat, jupyter_client";

    private final Path jupyter;
    private final Path python;

    private Jupyter(Path jupyter, Path python) {
        this.jupyter = jupyter;
        this.python = python;
    }

    Path command() {
        return jupyter;
    }

    /** The Python interpreter that runs jupyter (read from its #! line). */
    Path python() {
        return python;
    }

    /** JupyterLab when it is there, else the classic Notebook. */
    List<String> server() {
        boolean lab = Programs.onPath("jupyter-lab").isPresent();
        return List.of(jupyter.toString(), lab ? "lab" : "notebook");
    }

    /**
     * How long the import check may take: a missing module fails at once, a busy machine is slow.
     */
    static final int IMPORT_CHECK_SECONDS = 300;

    /**
     * Jupyter as found now, or empty when a part is missing.
     *
     * @throws KitException when the check of its Python modules does not finish in {@link
     *     #IMPORT_CHECK_SECONDS}
     */
    static Optional<Jupyter> find() {
        Optional<Path> j = Programs.onPath("jupyter");
        if (j.isEmpty()) return Optional.empty();
        Path python = interpreterOf(j.get());
        boolean modules = modulesPresent(python, IMPORT_CHECK_SECONDS);
        boolean server =
                Programs.onPath("jupyter-notebook").isPresent()
                        || Programs.onPath("jupyter-lab").isPresent();
        return modules && server ? Optional.of(new Jupyter(j.get(), python)) : Optional.empty();
    }

    /** Finds Jupyter, installing it first when that is possible here; else explains what to run. */
    static Jupyter ensure(PrintStream out) {
        Optional<Jupyter> found = find();
        if (found.isPresent()) return found.get();
        Integer rc = aptInstall(out, "kit: Jupyter is missing; installing", APT_PACKAGES);
        if (rc != null) {
            if (rc != 0)
                throw new KitException(
                        "apt-get install "
                                + String.join(" ", APT_PACKAGES)
                                + " failed (exit "
                                + rc
                                + "); its messages are above.");
            found = find();
            if (found.isPresent()) return found.get();
        }
        throw new KitException(missingMessage(isRoot()), 4);
    }

    /**
     * Installs Debian packages with apt-get when that is possible here (root, apt-get on PATH,
     * DLKIT_NO_INSTALL unset), saying first what and why; shared by Jupyter, the browser test's
     * Chromium and the hub.
     *
     * @return apt-get's exit code, or null when nothing could be tried
     */
    static Integer aptInstall(PrintStream out, String saying, List<String> packages) {
        if (!isRoot()
                || Programs.onPath("apt-get").isEmpty()
                || "1".equals(System.getenv("DLKIT_NO_INSTALL"))) return null;
        out.println(saying + " " + String.join(" ", packages) + " with apt-get...");
        var env = Map.of("DEBIAN_FRONTEND", "noninteractive");
        Programs.inherit(List.of("apt-get", "update", "-qq"), null, env);
        var install =
                new ArrayList<>(
                        List.of("apt-get", "install", "-y", "-qq", "--no-install-recommends"));
        install.addAll(packages);
        return Programs.inherit(install, null, env);
    }

    /**
     * Whether {@code python} imports the modules kit needs. A missing module fails at once; a check
     * slower than {@code seconds} means a busy machine, not a missing Jupyter (installing it again
     * would not help), and is an error.
     */
    static boolean modulesPresent(Path python, long seconds) {
        var check =
                Programs.capture(
                        List.of(
                                python.toString(),
                                "-c",
                                "import nbclient, nbconvert, nbformat, jupyter_client"),
                        null,
                        Map.of(),
                        seconds);
        if (check.exitCode() == Programs.TIMED_OUT)
            throw new KitException(
                    "checking Jupyter's Python modules ("
                            + python
                            + " -c 'import nbclient, nbconvert, nbformat, jupyter_client') took"
                            + " more than "
                            + seconds
                            + " s; the machine may be very busy. Try again when it is less so.",
                    4);
        return check.ok();
    }

    static String missingMessage(boolean root) {
        String sudo = root ? "" : "sudo ";
        return "Jupyter was not found (kit needs the `jupyter` command, a notebook server and the Python modules "
                + MODULES
                + ").\n"
                + "  Debian/Ubuntu: "
                + sudo
                + "apt-get install -y "
                + String.join(" ", APT_PACKAGES)
                + "\n"
                + "  conda:         conda env create -f environment.yml && conda activate dlkit\n"
                + "then run the kit command again.";
    }

    static boolean isRoot() {
        if ("1".equals(System.getenv("DLKIT_ASSUME_NOT_ROOT"))) return false;
        var id = Programs.capture("id", "-u");
        return id.ok() && id.stdout().trim().equals("0");
    }

    /** The interpreter named on the script's #! line ("#!/usr/bin/env python3" included). */
    static Path interpreterOf(Path script) {
        try (var lines = Files.lines(script)) {
            String first = lines.findFirst().orElse("");
            if (first.startsWith("#!")) {
                String[] parts = first.substring(2).trim().split("\\s+");
                if (parts[0].endsWith("/env") && parts.length > 1) {
                    return Programs.onPath(parts[1]).orElse(Path.of(parts[1]));
                }
                return Path.of(parts[0]);
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            // a binary launcher (conda on Windows, pipx shims): fall back to python3 on PATH
        }
        return Programs.onPath("python3").orElse(Path.of("python3"));
    }
}
