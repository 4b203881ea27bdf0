package org.dlkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelSpecTest {

    private static KernelSpec spec(KernelSpec.Engine engine) {
        return new KernelSpec(
                engine,
                Path.of("/opt/kernel/engine.jar"),
                Path.of("/jdk17/bin/java"),
                List.of(Path.of("/kit/lib/dlkit.jar"), Path.of("/kit/lib/nd4j-api.jar")),
                "import java.util.*;\n");
    }

    private static JsonNode written(KernelSpec spec, Path dir) throws Exception {
        spec.writeTo(dir);
        return new ObjectMapper().readTree(Files.readString(dir.resolve("kernel.json")));
    }

    @Test
    void everyJvmOfTheKitOpensThePackagesSparkNeeds() throws Exception {
        for (String p : org.dlkit.spark.LocalSpark.OPENS)
            assertTrue(
                    KernelSpec.JVM_OPTIONS.contains("--add-opens=java.base/" + p + "=ALL-UNNAMED"),
                    "the kernel's JVM options open " + p);
        // the kit script starts `kit spark`'s parent JVM with the same list
        String script = Files.readString(KitScriptTest.kitScript());
        var m = Pattern.compile("for p in ([^;]+); do").matcher(script);
        assertTrue(m.find(), "the kit script's list of packages");
        assertEquals(
                org.dlkit.spark.LocalSpark.OPENS,
                List.of(m.group(1).replace("\\\n", " ").trim().split("\\s+")));
    }

    @Test
    void rapaioSpecStartsTheKernelJarWithTheKitOnItsClasspath(@TempDir Path dir) throws Exception {
        JsonNode k = written(spec(KernelSpec.Engine.RAPAIO), dir);
        assertEquals("Java (dlkit)", k.path("display_name").asText());
        assertEquals("java", k.path("language").asText());
        var argv = new ArrayList<String>();
        k.path("argv").forEach(a -> argv.add(a.asText()));
        assertEquals("/jdk17/bin/java", argv.get(0));
        assertEquals(KernelSpec.JVM_OPTIONS, argv.subList(1, 1 + KernelSpec.JVM_OPTIONS.size()));
        assertTrue(argv.contains("-Djava.awt.headless=true"));
        // the memory guard, from the agent jar beside the kernel's, with its soft limit and
        // headroom
        assertEquals(
                "-javaagent:"
                        + Path.of("/kit/lib/kernel/dlkit-agent.jar").toAbsolutePath()
                        + "=1400,300",
                argv.get(1 + KernelSpec.JVM_OPTIONS.size()));
        // the kit's LoopThread (lib/kernel/dlkit-rjk-patch.jar) ahead of the kernel's own
        assertEquals(
                List.of(
                        "-cp",
                        "/opt/kernel/dlkit-rjk-patch.jar"
                                + java.io.File.pathSeparator
                                + "/opt/kernel/engine.jar",
                        "org.rapaio.jupyter.kernel.dlkit.StopButton",
                        "{connection_file}"),
                argv.subList(argv.size() - 4, argv.size()));
        // rapaio splits its classpath on ';' whatever the platform
        assertEquals(
                "/kit/lib/dlkit.jar;/kit/lib/nd4j-api.jar",
                k.path("env").path("RJK_CLASSPATH").asText());
        assertEquals(
                dir.resolve("startup.jshell").toString(),
                k.path("env").path("RJK_INIT_SCRIPT").asText());
        assertEquals("-1", k.path("env").path("RJK_TIMEOUT_MILLIS").asText());
        assertEquals("1000", k.path("env").path("GOMP_SPINCOUNT").asText(), "OpenMP spins briefly");
        assertEquals("2", k.path("env").path("MALLOC_ARENA_MAX").asText(), "two malloc pools");
        assertFalse(k.path("env").has("IJAVA_CLASSPATH"));
        // rapaio 3.0.1 loses the reply to a cell interrupted by message: the launcher takes SIGINT
        assertEquals("signal", k.path("interrupt_mode").asText());
        assertEquals("import java.util.*;\n", Files.readString(dir.resolve("startup.jshell")));
    }

    @Test
    void ijavaSpecUsesIJavasVariables(@TempDir Path dir) throws Exception {
        JsonNode k = written(spec(KernelSpec.Engine.IJAVA), dir);
        assertEquals(
                "/kit/lib/dlkit.jar" + java.io.File.pathSeparator + "/kit/lib/nd4j-api.jar",
                k.path("env").path("IJAVA_CLASSPATH").asText());
        assertEquals(
                dir.resolve("startup.jshell").toString(),
                k.path("env").path("IJAVA_STARTUP_SCRIPTS_PATH").asText());
        assertFalse(k.path("env").has("RJK_CLASSPATH"));
        assertEquals("1000", k.path("env").path("GOMP_SPINCOUNT").asText(), "OpenMP spins briefly");
        assertEquals("IJava", k.path("metadata").path("dlkit").path("engine").asText());
        assertEquals(
                "message", k.path("interrupt_mode").asText(), "IJava interrupts the cell itself");
    }

    @Test
    void kitJarsPutDlkitFirstAndLeaveTheKernelOut(@TempDir Path lib) throws Exception {
        Files.createDirectories(lib.resolve("kernel"));
        for (String f :
                new String[] {
                    "a.jar",
                    "dlkit.jar",
                    "z.jar",
                    "notes.txt",
                    "kernel/rapaio-jupyter-kernel-3.0.1.jar",
                    "kernel/dlkit-rjk-patch.jar",
                    "kernel/dlkit-agent.jar"
                }) {
            Files.writeString(lib.resolve(f), "");
        }
        var jars = KernelSpec.kitJars(lib).stream().map(p -> p.getFileName().toString()).toList();
        assertEquals(List.of("dlkit.jar", "a.jar", "z.jar"), jars);
        assertEquals(
                "rapaio-jupyter-kernel-3.0.1.jar",
                KernelSpec.rapaioJar(lib).getFileName().toString());
    }

    @Test
    void aKernelWithoutItsPatchIsNotStarted(@TempDir Path lib) throws Exception {
        Files.createDirectories(lib.resolve("kernel"));
        Files.writeString(lib.resolve("kernel/rapaio-jupyter-kernel-3.0.1.jar"), "");
        var e =
                org.junit.jupiter.api.Assertions.assertThrows(
                        KitException.class, () -> KernelSpec.rapaioJar(lib));
        assertTrue(e.getMessage().contains("dlkit-rjk-patch.jar"), e.getMessage());
        assertTrue(e.getMessage().contains("./kit setup"), e.getMessage());
    }

    @Test
    void aLibWithoutTheMemoryGuardIsRebuilt(@TempDir Path lib) throws Exception {
        Files.createDirectories(lib.resolve("kernel"));
        Files.writeString(lib.resolve("dlkit.jar"), "");
        var e =
                org.junit.jupiter.api.Assertions.assertThrows(
                        KitException.class, () -> KernelSpec.kitJars(lib));
        assertTrue(
                e.getMessage().contains("lib/kernel/dlkit-agent.jar is missing"), e.getMessage());
        assertTrue(e.getMessage().contains("./kit setup"), e.getMessage());
    }

    @Test
    void theKitsOwnJvmsStartTheAgentForItsFencesOnlyAndOnlyWhenItIsBuilt(@TempDir Path lib)
            throws Exception {
        assertEquals(List.of(), KernelSpec.agent(lib), "no agent jar: the JVM must still start");
        Files.createDirectories(lib.resolve("kernel"));
        Files.writeString(lib.resolve("kernel/dlkit-agent.jar"), "");
        assertEquals(
                List.of("-javaagent:" + lib.resolve("kernel/dlkit-agent.jar").toAbsolutePath()),
                KernelSpec.agent(lib),
                "no arguments: fences, no memory guard");
    }

    @Test
    void aMissingBuildIsExplained(@TempDir Path lib) {
        var e =
                org.junit.jupiter.api.Assertions.assertThrows(
                        KitException.class, () -> KernelSpec.kitJars(lib));
        assertTrue(e.getMessage().contains("lib/dlkit.jar is missing"), e.getMessage());
    }

    /**
     * A start-up import of a package that does not exist kills the rapaio kernel at start and
     * breaks IJava's first cell, so every imported package must exist on the kit's classpath.
     */
    @Test
    void everyStartupImportResolves() throws Exception {
        String script = KernelSpec.startupScript();
        var imports =
                Pattern.compile("^import (static )?([\\w.]+?)(\\.\\*)?;", Pattern.MULTILINE)
                        .matcher(script);
        int n = 0;
        while (imports.find()) {
            n++;
            String name = imports.group(2);
            boolean isStatic = imports.group(1) != null;
            boolean onDemand = imports.group(3) != null;
            if (isStatic || !onDemand) {
                Class.forName(name); // a class (static imports name the class)
            } else {
                String dir = name.replace('.', '/');
                assertTrue(
                        getClass().getClassLoader().getResources(dir).hasMoreElements()
                                || ModuleLayer.boot().modules().stream()
                                        .anyMatch(m -> m.getPackages().contains(name)),
                        "start-up script imports " + name + ".*, which is not on the classpath");
            }
        }
        assertTrue(n >= 5, "the start-up script should import the kit: " + script);
    }
}
