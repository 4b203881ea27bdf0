package org.dlkit.tensor;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Keeps a kernel's resident memory near a soft limit by asking for a garbage collection when it
 * grows past it. ND4J keeps tensors outside the Java heap and frees one only after the collector
 * has found its Java object unreachable; a tensor's Java object is a few hundred bytes, its numbers
 * may be megabytes, so the heap fills slowly while freed-in-principle tensors pile up outside it.
 * Measured on lesson 09 in quick mode: 6.0 GB resident at a 3 GB heap, 3.9 GB at 1 GB — most of it
 * tensors nobody used any more. ND4J's allocations are not counted by JavaCPP's {@code maxbytes},
 * so that limit does not help.
 *
 * <p>The guard is a daemon thread that reads the process's resident size ({@code /proc/self/statm},
 * Linux) every {@code periodMillis}; above the trigger it calls {@link System#gc()} (with {@code
 * -XX:+ExplicitGCInvokesConcurrent} and G1, a concurrent cycle rather than a stop-the-world
 * collection), waits one period for ND4J's deallocator to free what the collector found, and sets
 * the next trigger to what is left plus {@code headroom}, never below the soft limit. So garbage is
 * collected when it has grown by the headroom, and a lesson whose live tensors need more than the
 * limit is not collected in a loop.
 *
 * <p>Freed is not yet given back: glibc's {@code malloc} keeps freed blocks in its pools for reuse
 * and returns a pool's pages to the system only from its top, and tensors up to 32 MB come from
 * those pools (glibc raises its threshold for giving a block a mapping of its own to the largest
 * such block freed). So after a collection most of what ND4J freed stayed resident: lesson 11 in
 * full mode at 2 376 MiB, 1 167 MiB of it in glibc's pools, fell to 1 468 MiB when {@code
 * malloc_trim(0)} was called in it. After each collection the guard therefore trims the native heap
 * ({@link #trimNativeHeap()}) before it measures what is left.
 *
 * <p>The kernel starts it as a Java agent ({@code -javaagent:lib/kernel/dlkit-agent.jar=1400,300},
 * soft limit and headroom in MiB; see {@code org.dlkit.cli.KernelSpec}), so it runs before the
 * first cell under IJava and rapaio alike. Where {@code /proc} is missing (macOS, Windows) it stops
 * at once and the heap's own collections are all there is. GPU memory is not resident memory: on
 * the CUDA backend it guards only the host side.
 */
public final class MemoryGuard {
    private static final long MIB = 1 << 20;
    private static Thread thread;
    private static volatile long softLimit;
    private static volatile long collections;
    private static volatile long trims;
    private static volatile boolean canTrim = true;

    private MemoryGuard() {}

    /** Java agent entry: {@code "SOFT,HEADROOM"} in MiB, optionally {@code ",PERIOD"} in ms. */
    public static void premain(String args) {
        String[] a = (args == null ? "" : args).split(",");
        if (a.length < 2 || a.length > 3)
            throw new IllegalArgumentException(
                    "dlkit memory guard: expected SOFT_MIB,HEADROOM_MIB[,PERIOD_MS] (e.g. 1400,300) but got '"
                            + args
                            + "'");
        start(
                Long.parseLong(a[0].trim()) * MIB,
                Long.parseLong(a[1].trim()) * MIB,
                a.length == 3 ? Long.parseLong(a[2].trim()) : 50);
    }

    /**
     * Starts the guard once per JVM (later calls are ignored).
     *
     * @return whether this call started it
     */
    public static synchronized boolean start(
            long softLimitBytes, long headroomBytes, long periodMillis) {
        if (softLimitBytes <= 0 || headroomBytes <= 0 || periodMillis <= 0)
            throw new IllegalArgumentException(
                    "dlkit memory guard: soft limit, headroom and period must be positive, got "
                            + softLimitBytes
                            + " B, "
                            + headroomBytes
                            + " B, "
                            + periodMillis
                            + " ms");
        if (thread != null || residentBytes() < 0) return false;
        softLimit = softLimitBytes;
        thread = watcher(softLimitBytes, headroomBytes, periodMillis);
        thread.start();
        return true;
    }

    /** The guard's thread, not yet started; interrupting it stops the guard. */
    static Thread watcher(long softLimitBytes, long headroomBytes, long periodMillis) {
        var t =
                new Thread(
                        () -> watch(softLimitBytes, headroomBytes, periodMillis),
                        "dlkit-memory-guard");
        t.setDaemon(true);
        return t;
    }

    /** The soft limit in bytes, or 0 if no guard runs in this JVM. */
    public static long softLimit() {
        return thread == null ? 0 : softLimit;
    }

    /** How many collections the guard has asked for so far. */
    public static long collections() {
        return collections;
    }

    /** How many times the guard has given glibc's free memory back to the system. */
    public static long trims() {
        return trims;
    }

    /**
     * Gives the memory glibc's {@code malloc} holds free back to the operating system ({@code
     * malloc_trim(0)}), through the JVM's own diagnostic command {@code System.trim_native_heap}
     * (Java 17.0.9 and later, 21 and later), the same as {@code jcmd PID System.trim_native_heap}.
     *
     * @return the command's report (e.g. {@code "Trim native heap: RSS+Swap: 2.3G->1.4G (-900M)"}),
     *     or {@code null} where the JVM has no such command; on a C library other than glibc the
     *     JVM answers that it cannot trim
     */
    public static String trimNativeHeap() {
        if (!canTrim) return null;
        try {
            Object out =
                    ManagementFactory.getPlatformMBeanServer()
                            .invoke(
                                    new javax.management.ObjectName(
                                            "com.sun.management:type=DiagnosticCommand"),
                                    "systemTrimNativeHeap",
                                    new Object[] {new String[0]},
                                    new String[] {String[].class.getName()});
            return String.valueOf(out).trim();
        } catch (javax.management.JMException | RuntimeException e) {
            canTrim = false; // an older JVM: collections alone, as before
            return null;
        }
    }

    /** This process's resident size in bytes, or -1 where it cannot be read. */
    public static long residentBytes() {
        try {
            String[] statm = Files.readString(Path.of("/proc/self/statm")).trim().split(" ");
            return Long.parseLong(statm[1]) * 4096;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * The next trigger after a collection left {@code after} bytes resident: the soft limit, or
     * what is live plus the headroom if that is more.
     */
    static long nextTrigger(long softLimit, long headroom, long after) {
        return Math.max(softLimit, after + headroom);
    }

    private static void watch(long soft, long headroom, long period) {
        long trigger = soft;
        try {
            while (true) {
                Thread.sleep(period);
                long resident = residentBytes();
                if (resident > trigger) {
                    System.gc();
                    collections++;
                    Thread.sleep(period); // ND4J's deallocator frees on its own thread
                    if (trimNativeHeap() != null) trims++;
                    trigger = nextTrigger(soft, headroom, residentBytes());
                } else if (resident + headroom < trigger) {
                    trigger = nextTrigger(soft, headroom, resident); // live tensors were freed
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
