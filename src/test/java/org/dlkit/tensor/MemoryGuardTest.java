package org.dlkit.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class MemoryGuardTest {
    private static final long MIB = 1 << 20;

    /**
     * Tensors made and dropped in a loop, 40 MiB each, 2.4 GiB in all: ND4J frees them only after a
     * collection, and their Java objects are too small to fill the heap soon (unguarded, a JVM with
     * a 1 GiB heap reached 3.8 GB resident on this loop). With the guard the resident size stays
     * within the soft limit plus the headroom plus what is made between two looks.
     */
    @Test
    void droppedTensorsAreFreedNearTheSoftLimit() throws Exception {
        Nd4j.create(1);
        long before = MemoryGuard.residentBytes();
        if (before < 0) return; // no /proc here: the guard does not run either
        long soft = before + 400 * MIB;
        long headroom = 200 * MIB;
        long collections = MemoryGuard.collections();
        Thread guard = MemoryGuard.watcher(soft, headroom, 20);
        guard.start();
        long peak = 0;
        try {
            for (int i = 0; i < 60; i++) {
                Nd4j.zeros(DataType.FLOAT, 10_000, 1_000).addi(1);
                peak = Math.max(peak, MemoryGuard.residentBytes());
            }
        } finally {
            guard.interrupt();
            guard.join();
        }
        assertTrue(
                peak < soft + headroom + 400 * MIB,
                "resident size peaked at "
                        + (peak >> 20)
                        + " MiB; soft limit "
                        + (soft >> 20)
                        + " MiB + headroom "
                        + (headroom >> 20)
                        + " MiB");
        assertTrue(MemoryGuard.collections() > collections, "the guard asked for collections");
    }

    @Test
    void liveMemoryAboveTheLimitMovesTheTrigger() {
        // a lesson that really holds 1 800 MiB is collected again only when 300 MiB more pile up
        assertEquals(2_100 * MIB, MemoryGuard.nextTrigger(1_400 * MIB, 300 * MIB, 1_800 * MIB));
        assertEquals(1_400 * MIB, MemoryGuard.nextTrigger(1_400 * MIB, 300 * MIB, 600 * MIB));
    }

    @Test
    void badAgentArgumentsSayWhatIsExpected() {
        for (String bad : new String[] {"", "1400", "1400,300,50,1"}) {
            var e = assertThrows(IllegalArgumentException.class, () -> MemoryGuard.premain(bad));
            assertTrue(e.getMessage().contains("SOFT_MIB,HEADROOM_MIB"), e.getMessage());
        }
        var e = assertThrows(IllegalArgumentException.class, () -> MemoryGuard.start(0, MIB, 50));
        assertTrue(e.getMessage().contains("must be positive"), e.getMessage());
    }
}
