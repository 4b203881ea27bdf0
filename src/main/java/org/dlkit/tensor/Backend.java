package org.dlkit.tensor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.javacpp.Loader;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Which ND4J backend this JVM runs and on what: CPU or GPU, the native build (for the CPU backend:
 * oneDNN + AVX-512, oneDNN + AVX2 or plain), the SIMD the processor offers, threads and memory.
 * Lessons print it first, so a slow run can be explained at a glance.
 *
 * @param backend ND4J's backend class, e.g. "CpuBackend" or "CudaBackend"
 * @param device "CPU" or "GPU"
 * @param nativeBuild the native library's build, e.g. "linux-x86_64-onednn-avx512"
 * @param cpuSimd the widest SIMD the processor reports (AVX-512, AVX2, ...)
 * @param threads threads ND4J uses for its ops
 * @param cores processors the JVM sees
 * @param maxHeapMiB the JVM's heap limit
 * @param collectAboveMiB the resident size above which the memory guard collects tensors nobody
 *     uses any more (ND4J's tensors live outside the heap), or 0 if no guard runs ({@link
 *     MemoryGuard})
 * @param fencedClasses ND4J classes whose native calls keep their objects reachable until they
 *     return ({@link NativeCallFence}, installed by the kit's Java agent), or 0 without the agent
 */
public record Backend(
        String backend,
        String device,
        String nativeBuild,
        String cpuSimd,
        int threads,
        int cores,
        long maxHeapMiB,
        long collectAboveMiB,
        long fencedClasses) {

    private static final Pattern NATIVE_JAR =
            Pattern.compile(
                    "nd4j-(native|cuda-[0-9.]+)-[^/\\\\]*?-((linux|macosx|windows|android|ios)-[^/\\\\]+?)\\.jar");

    /** Looks at the running ND4J (starting it if needed). */
    public static Backend current() {
        try {
            Nd4j.getBackend();
        } catch (Throwable t) {
            throw new IllegalStateException(whyNoBackend(t), t);
        }
        var env = Nd4j.getExecutioner().getEnvironmentInformation();
        String backendClass = Nd4j.getBackend().getClass().getSimpleName();
        boolean gpu = !Nd4j.getEnvironment().isCPU();
        int threads = intOf(env.get("omp.threads"), Runtime.getRuntime().availableProcessors());
        return new Backend(
                backendClass,
                gpu ? "GPU" : "CPU",
                detectNativeBuild(),
                detectCpuSimd(),
                threads,
                Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20,
                MemoryGuard.softLimit() >> 20,
                NativeCallFence.classesFenced());
    }

    /**
     * Why ND4J could not start, in words: the usual case is a GPU build of lib/ on a machine
     * without NVIDIA's driver.
     */
    static String whyNoBackend(Throwable t) {
        var causes = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) causes.append(c).append('\n');
        String all = causes.toString();
        if (all.contains("libcuda.so")
                || all.contains("cudart")
                || onClassPath("org.nd4j.linalg.jcublas.JCublasBackend")) {
            return "ND4J's CUDA backend could not start: NVIDIA's driver library (libcuda.so.1) was not found. lib/ was built for the GPU "
                    + "(kit setup --gpu); install the NVIDIA driver with CUDA 11.6 support, or rebuild lib/ for the CPU with ./kit setup --cpu.";
        }
        return "ND4J could not start a backend ("
                + t
                + "). Rebuild lib/ with ./kit setup; lib/ must hold nd4j-native (or nd4j-cuda) "
                + "and its natives for this platform.";
    }

    private static boolean onClassPath(String className) {
        try {
            Class.forName(className, false, Backend.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** The native build, read from where javacpp loaded ND4J's native library. */
    static String detectNativeBuild() {
        for (String path : Loader.getLoadedLibraries().values()) {
            if (path == null) continue;
            Matcher m = NATIVE_JAR.matcher(path);
            if (m.find()) return m.group(2);
        }
        return Loader.getPlatform() + " (build not identified)";
    }

    /** The widest SIMD extension listed in /proc/cpuinfo (Linux), else what the JVM knows. */
    static String detectCpuSimd() {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (Files.isReadable(cpuinfo)) {
            try (var lines = Files.lines(cpuinfo)) {
                String flags = lines.filter(l -> l.startsWith("flags")).findFirst().orElse("");
                return simdOf(" " + flags.replaceFirst("^flags\\s*:", "") + " ");
            } catch (java.io.IOException | java.io.UncheckedIOException e) {
                return "unknown";
            }
        }
        return System.getProperty("os.arch");
    }

    static String simdOf(String flags) {
        if (flags.contains(" avx512f ")) return "AVX-512";
        if (flags.contains(" avx2 ")) return "AVX2";
        if (flags.contains(" avx ")) return "AVX";
        if (flags.contains(" sse4_2 ")) return "SSE4.2";
        if (flags.contains(" asimd ")) return "NEON";
        return "none listed";
    }

    private static int intOf(Object o, int otherwise) {
        try {
            return o == null ? otherwise : Integer.parseInt(o.toString().trim());
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    /** The report as label → value, in reading order. */
    public Map<String, String> rows() {
        var r = new LinkedHashMap<String, String>();
        r.put("ND4J backend", backend + " (" + device + ")");
        r.put("native build", nativeBuild);
        r.put("CPU SIMD", cpuSimd);
        r.put("threads", threads + " of " + cores + " cores");
        r.put("Java heap", maxHeapMiB + " MiB max");
        r.put(
                "tensors (off-heap)",
                collectAboveMiB > 0
                        ? "unused ones freed above " + collectAboveMiB + " MiB resident"
                        : "freed when Java's heap is collected");
        r.put(
                "ND4J native calls",
                fencedClasses > 0
                        ? "inputs kept alive until each call returns ("
                                + fencedClasses
                                + " classes)"
                        : "unguarded: a collection during a call can crash the JVM (start Java with"
                                + " -javaagent:lib/kernel/dlkit-agent.jar)");
        r.put("Java", System.getProperty("java.vm.name") + " " + Runtime.version());
        return r;
    }

    /** The report as a two-column table, for {@code show(...)} in a notebook. */
    public tech.tablesaw.api.Table table() {
        var what = tech.tablesaw.api.StringColumn.create("what");
        var value = tech.tablesaw.api.StringColumn.create("value");
        rows().forEach(
                        (k, v) -> {
                            what.append(k);
                            value.append(v);
                        });
        return tech.tablesaw.api.Table.create("Backend", what, value);
    }

    @Override
    public String toString() {
        var s = new StringBuilder();
        rows().forEach((k, v) -> s.append(String.format("%-20s %s%n", k, v)));
        return s.toString().stripTrailing();
    }
}
