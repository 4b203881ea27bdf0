package org.dlkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kit shell script's Java check, run for real with a fake java first on PATH. */
class KitScriptTest {

    static Path kitScript() {
        Path kit = Path.of(System.getProperty("user.dir")).resolve("kit");
        assertTrue(Files.isExecutable(kit), "the kit script should be at " + kit);
        return kit;
    }

    private static Procs.Output runKitWithPath(Path bin, String... args) {
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
            return new Procs.Output(code, Files.readString(out), Files.readString(err));
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

    @Test
    void procsReportsAMissingProgram() {
        var r = Procs.capture(List.of("/no/such/program"), Map.of(), 10);
        assertEquals(127, r.exitCode());
    }
}
