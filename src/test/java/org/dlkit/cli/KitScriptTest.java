package org.dlkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.dlkit.data.Programs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kit shell script's Java check, run for real with a fake java first on PATH. */
class KitScriptTest {

    static Path kitScript() {
        Path kit = Path.of(System.getProperty("user.dir")).resolve("kit");
        assertTrue(Files.isExecutable(kit), "the kit script should be at " + kit);
        return kit;
    }

    private static Programs.Output runKitWithPath(Path bin, String... args) {
        var cmd = new java.util.ArrayList<String>(List.of("/bin/bash", kitScript().toString()));
        cmd.addAll(List.of(args));
        var pb = new ProcessBuilder(cmd);
        pb.environment().remove("JAVA_HOME");
        pb.environment().put("PATH", bin + ":/usr/bin:/bin");
        try {
            Path out = Files.createTempFile("kit", ".out");
            Path err = Files.createTempFile("kit", ".err");
            int code =
                    pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start().waitFor();
            return new Programs.Output(code, Files.readString(out), Files.readString(err));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static Path fakeJava(Path dir, String specVersion) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path java = bin.resolve("java");
        Files.writeString(
                java,
                "#!/bin/sh\necho 'Property settings:' >&2\necho '    java.specification.version = "
                        + specVersion
                        + "' >&2\necho 'openjdk version \""
                        + specVersion
                        + "\"' >&2\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }

    @Test
    void java16IsRefusedWithTheVersionAndWhatToDo(@TempDir Path dir) throws Exception {
        var r = runKitWithPath(fakeJava(dir, "16"), "setup");
        assertEquals(3, r.exitCode(), r.stderr());
        assertTrue(r.stderr().contains("Java 16 found at " + dir.resolve("bin/java")), r.stderr());
        assertTrue(r.stderr().contains("needs Java 17 or newer"), r.stderr());
        assertTrue(r.stderr().contains("JAVA_HOME"), r.stderr());
    }

    @Test
    void java8IsReadAsVersion8(@TempDir Path dir) throws Exception {
        var r = runKitWithPath(fakeJava(dir, "1.8"), "lab");
        assertEquals(3, r.exitCode(), r.stderr());
        assertTrue(r.stderr().contains("Java 1.8 found"), r.stderr());
    }

    @Test
    void aJavaHomeThatIsTooOldIsNamed(@TempDir Path dir) throws Exception {
        Path bin = fakeJava(dir, "11");
        var pb = new ProcessBuilder("/bin/bash", kitScript().toString(), "test");
        pb.environment().put("JAVA_HOME", dir.toString());
        pb.environment().put("PATH", "/usr/bin:/bin");
        Path err = Files.createTempFile("kit", ".err");
        int code = pb.redirectErrorStream(false).redirectError(err.toFile()).start().waitFor();
        String stderr = Files.readString(err);
        assertEquals(3, code, stderr);
        assertTrue(stderr.contains("Java 11 found at " + bin.resolve("java")), stderr);
        assertTrue(stderr.contains("JAVA_HOME is now '" + dir + "'"), stderr);
    }

    /**
     * A copy of the kit script in a home of its own, with a working lib/ (a marker dlkit.jar built
     * with other flags, so the script wants to rebuild) and a mvnw that records its call, wipes
     * lib/ as `clean` does, and fails.
     */
    private static Path homeWithAFailingBuild(Path dir) throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Files.copy(kitScript(), home.resolve("kit"));
        Files.createDirectories(home.resolve("src/main"));
        Files.writeString(home.resolve("pom.xml"), "<project/>");
        Path lib = Files.createDirectories(home.resolve("lib"));
        Files.writeString(lib.resolve("dlkit.jar"), "the working build");
        Files.writeString(lib.resolve(".build-flags"), "flags of an older build");
        Path mvnw = home.resolve("mvnw");
        Files.writeString(
                mvnw,
                "#!/bin/sh\necho \"$@\" > mvnw-was-called\nrm -rf lib/*\necho 'download failed' >&2\nexit 1\n");
        Files.setPosixFilePermissions(mvnw, PosixFilePermissions.fromString("rwxr-xr-x"));
        return home;
    }

    private static Programs.Output runIn(Path home, Path bin, String... args) throws Exception {
        var cmd =
                new java.util.ArrayList<String>(
                        List.of("/bin/bash", home.resolve("kit").toString()));
        cmd.addAll(List.of(args));
        var pb = new ProcessBuilder(cmd).directory(home.toFile());
        pb.environment().remove("JAVA_HOME");
        pb.environment().remove("DLKIT_FORCE_GPU");
        pb.environment().put("PATH", bin + ":/usr/bin:/bin");
        Path out = Files.createTempFile("kit", ".out");
        Path err = Files.createTempFile("kit", ".err");
        int code = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start().waitFor();
        return new Programs.Output(code, Files.readString(out), Files.readString(err));
    }

    @Test
    void setupWithGpuAndCpuChangesNothing(@TempDir Path dir) throws Exception {
        Path home = homeWithAFailingBuild(dir);
        var r = runIn(home, fakeJava(dir, "17"), "setup", "--gpu", "--cpu");
        assertEquals(2, r.exitCode(), r.stderr());
        assertEquals(
                "kit setup: --gpu and --cpu exclude each other; give one of them. Nothing was changed.\n",
                r.stderr());
        assertTrue(Files.notExists(home.resolve("mvnw-was-called")), "nothing was built");
        assertEquals("the working build", Files.readString(home.resolve("lib/dlkit.jar")));
        assertTrue(Files.notExists(home.resolve("lib/.gpu")));
    }

    @Test
    void setupGpuWithoutADriverBuildsNothing(@TempDir Path dir) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(
                Gpu.driverPresent(), "this machine has an NVIDIA driver");
        Path home = homeWithAFailingBuild(dir);
        var r = runIn(home, fakeJava(dir, "17"), "setup", "--gpu");
        assertEquals(2, r.exitCode(), r.stderr());
        assertTrue(r.stderr().contains("kit setup --gpu: no NVIDIA driver here"), r.stderr());
        assertTrue(r.stderr().contains("lib/ is left as it is"), r.stderr());
        assertTrue(Files.notExists(home.resolve("mvnw-was-called")), "nothing was built");
        assertEquals("the working build", Files.readString(home.resolve("lib/dlkit.jar")));
    }

    @Test
    void aFailedBuildPutsTheWorkingLibBack(@TempDir Path dir) throws Exception {
        Path home = homeWithAFailingBuild(dir);
        var r = runIn(home, fakeJava(dir, "17"), "run", "--quick");
        assertEquals(3, r.exitCode(), r.stderr());
        assertTrue(Files.exists(home.resolve("mvnw-was-called")), "the build ran");
        assertTrue(r.stderr().contains("download failed"), r.stderr());
        assertTrue(r.stderr().contains("the build failed"), r.stderr());
        assertTrue(r.stderr().contains("lib/ is back as it was."), r.stderr());
        assertEquals("the working build", Files.readString(home.resolve("lib/dlkit.jar")));
        assertTrue(Files.notExists(home.resolve("lib.previous")));
    }

    @Test
    void noJavaAtAllSaysHowToGetOne(@TempDir Path dir) throws Exception {
        // a PATH with the one tool the script uses before it looks for Java, and no java
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Files.createSymbolicLink(empty.resolve("dirname"), Path.of("/usr/bin/dirname"));
        var pb = new ProcessBuilder("/bin/bash", kitScript().toString(), "setup");
        pb.environment().remove("JAVA_HOME");
        pb.environment().put("PATH", empty.toString());
        Path err = Files.createTempFile("kit", ".err");
        int code = pb.redirectError(err.toFile()).start().waitFor();
        String stderr = Files.readString(err);
        assertEquals(3, code, stderr);
        assertTrue(stderr.contains("no Java found"), stderr);
        assertTrue(stderr.contains("openjdk-17-jdk"), stderr);
    }
}
