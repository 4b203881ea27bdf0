package org.dlkit.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BackendTest {

    @Test
    void reportsTheCpuBackendAndTheNativeBuildItLoaded() {
        Backend b = Backend.current();
        assertEquals("CPU", b.device());
        assertEquals("CpuBackend", b.backend());
        assertTrue(b.nativeBuild().matches("(linux|macosx|windows)-.*"), b.nativeBuild());
        assertTrue(b.threads() >= 1);
        assertEquals(8, b.table().rowCount());
        assertTrue(b.toString().contains("native build"), b.toString());
    }

    @Test
    void theReportSaysWhetherNativeCallsAreFencedAndHowToStartTheAgent() {
        var without = new Backend("CpuBackend", "CPU", "linux-x86_64", "AVX2", 2, 2, 1536, 0, 0);
        assertTrue(
                without.rows()
                        .get("ND4J native calls")
                        .contains("-javaagent:lib/kernel/dlkit-agent.jar"),
                without.rows().toString());
        var with = new Backend("CpuBackend", "CPU", "linux-x86_64", "AVX2", 2, 2, 1536, 1400, 26);
        assertEquals(
                "inputs kept alive until each call returns (26 classes)",
                with.rows().get("ND4J native calls"));
    }

    @Test
    void simdLevelIsTheWidestListed() {
        assertEquals("AVX-512", Backend.simdOf(" fpu sse4_2 avx avx2 avx512f avx512bw "));
        assertEquals("AVX2", Backend.simdOf(" fpu sse4_2 avx avx2 "));
        assertEquals("NEON", Backend.simdOf(" fp asimd "));
    }

    @Test
    void shapeErrorsNameWhereWhatAndBothShapes() {
        var x = org.nd4j.linalg.factory.Nd4j.zeros(32, 785);
        var e =
                org.junit.jupiter.api.Assertions.assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                Shapes.require(
                                        "Dense[hidden1].forward",
                                        "x",
                                        x,
                                        new long[] {Shapes.ANY, 784},
                                        "did you forget Flatten?"));
        assertEquals(
                "Dense[hidden1].forward: x expected [N, 784] but got [32, 785] (did you forget Flatten?)",
                e.getMessage());
    }

    @Test
    void aMissingGpuDriverIsExplained() {
        String why =
                Backend.whyNoBackend(
                        new RuntimeException(
                                "x",
                                new UnsatisfiedLinkError(
                                        "libjnicudart.so: libcuda.so.1: cannot open shared object file")));
        org.junit.jupiter.api.Assertions.assertTrue(
                why.contains("NVIDIA's driver library (libcuda.so.1) was not found"), why);
        org.junit.jupiter.api.Assertions.assertTrue(why.contains("./kit setup --cpu"), why);
        String other = Backend.whyNoBackend(new ExceptionInInitializerError("boom"));
        org.junit.jupiter.api.Assertions.assertTrue(
                other.contains("Rebuild lib/ with ./kit setup"), other);
    }
}
