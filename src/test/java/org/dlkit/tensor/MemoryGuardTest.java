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

    /**
     * Memory freed in the middle of glibc's pools stays resident until it is trimmed: 4 000 blocks
     * of 64 KiB (below glibc's threshold for a mapping of their own) are written and freed, all but
     * the last, which keeps the pool's top in use. Freeing alone leaves the 250 MiB resident; the
     * trim gives at least 150 MiB of it back.
     */
    @Test
    void trimmingGivesFreedMallocMemoryBackToTheSystem() throws Exception {
        if (MemoryGuard.residentBytes() < 0) return; // no /proc: nothing to measure
        var field = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
        field.setAccessible(true);
        var unsafe = (sun.misc.Unsafe) field.get(null);
        long[] blocks = new long[4_000];
        for (int i = 0; i < blocks.length; i++) {
            blocks[i] = unsafe.allocateMemory(64 << 10);
            unsafe.setMemory(blocks[i], 64 << 10, (byte) 1);
        }
        long full = MemoryGuard.residentBytes();
        for (int i = 0; i < blocks.length - 1; i++) unsafe.freeMemory(blocks[i]);
        long freed = MemoryGuard.residentBytes();
        String report = MemoryGuard.trimNativeHeap();
        long trimmed = MemoryGuard.residentBytes();
        unsafe.freeMemory(blocks[blocks.length - 1]);
        assertTrue(
                report != null, "this JVM (" + Runtime.version() + ") cannot trim its native heap");
        assertTrue(
                full - freed < 100 * MIB,
                "freeing alone gave back "
                        + ((full - freed) >> 20)
                        + " MiB: glibc's pools no longer keep freed blocks, the trim tests nothing");
        assertTrue(
                freed - trimmed > 150 * MIB,
                "the trim gave back only "
                        + ((freed - trimmed) >> 20)
                        + " MiB of the 250 MiB freed ("
                        + report
                        + ")");
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
