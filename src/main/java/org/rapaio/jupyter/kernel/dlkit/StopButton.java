package org.rapaio.jupyter.kernel.dlkit;

import java.util.ArrayList;
import java.util.List;

/**
 * dlkit's launcher for rapaio-jupyter-kernel 3.0.1: it makes Jupyter's stop button work, then
 * starts the kernel ({@code org.rapaio.jupyter.kernel.MainApp}) with the same arguments. Like
 * {@code LoopThread} it lives in the kit's patch jar beside the kernel's, not in {@code dlkit.jar}.
 *
 * <p>Why. Asked by message to interrupt a cell, rapaio 3.0.1 interrupts it but loses the reply to
 * it: the kernel keeps one "message being answered" for all its channels, and answering the
 * interrupt request on the control channel clears the one of the cell. The notebook then shows the
 * cell as running for ever (measured: no reply within 200 s, while the next cell ran at once).
 *
 * <p>So the kit's kernelspec asks Jupyter to send a signal (SIGINT) instead, and this class
 * replaces the JVM's default for it — exit — with: interrupt the thread that runs the cell. The
 * cell then ends the ordinary way and gets its reply. The kit's long loops ({@code Trainer.fit},
 * pretraining, downloads) check for the interrupt between steps; {@code Thread.sleep} and other
 * blocking calls end at once. A second signal while the same cell still runs stops its thread
 * outright ({@link Thread#stop}, which Java 17 still allows), for a loop that never looks.
 */
public final class StopButton {
    /** A thread running a cell, and the cell (the class JShell compiled it into). */
    record Running(Thread thread, String cell) {}

    private static volatile List<Running> lastInterrupted = List.of();

    private StopButton() {}

    public static void main(String[] args) throws Exception {
        try {
            var before =
                    sun.misc.Signal.handle(new sun.misc.Signal("INT"), signal -> interruptCells());
            // a process started with SIGINT ignored (a background job of a script: `kit hub &`)
            // passes that on to its kernels, and the JVM then keeps ignoring it, handler or not
            if (before == sun.misc.SignalHandler.SIG_IGN)
                System.err.println(
                        "dlkit: the stop button is off in this kernel: it was started with SIGINT ignored, as"
                                + " a script's background job is (e.g. `kit lab &` in a script). Start Jupyter in"
                                + " the foreground, from a terminal, or under systemd or setsid.");
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            System.err.println("dlkit: the stop button cannot interrupt cells here (" + e + ")");
        }
        try {
            Class.forName("org.rapaio.jupyter.kernel.MainApp")
                    .getMethod("main", String[].class)
                    .invoke(null, (Object) args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause() instanceof Exception x ? x : e;
        }
    }

    /**
     * Interrupts every thread that runs a cell, or stops it if it was interrupted in that cell. A
     * press that comes while the kernel is busy with a cell that no thread runs yet — rapaio reads
     * the request, splits the cell into snippets, JShell compiles them: a few hundred milliseconds,
     * seconds for a long cell or on a busy server — is kept until the cell starts, and then
     * interrupts it. Before, such a press was lost and the cell ran to its end.
     */
    static void interruptCells() {
        List<Running> now = cellThreads();
        if (now.isEmpty() && busyWithACell()) {
            log("stop pressed before the cell started; it will be stopped when it starts");
            var wait = new Thread(StopButton::interruptWhenTheCellStarts, "dlkit-stop-button");
            wait.setDaemon(true);
            wait.start();
            return;
        }
        if (now.isEmpty()) log("stop pressed with no cell running; nothing to stop");
        interrupt(now);
    }

    /** Waits, while the kernel is busy with a cell, for a thread to run it, and interrupts it. */
    static void interruptWhenTheCellStarts() {
        long end = System.nanoTime() + 600_000_000_000L;
        try {
            while (System.nanoTime() < end && busyWithACell()) {
                List<Running> now = cellThreads();
                if (!now.isEmpty()) {
                    interrupt(now);
                    return;
                }
                Thread.sleep(10);
            }
            log("the cell ended before it ran any code; the stop press had nothing to stop");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Whether the kernel is busy with a cell: some thread is in rapaio's {@code
     * handleExecuteRequest} (from the request's arrival to its reply: magics, splitting the cell,
     * compiling, running) or in {@code JShell.eval}.
     */
    static boolean busyWithACell() {
        for (StackTraceElement[] frames : Thread.getAllStackTraces().values())
            for (StackTraceElement f : frames)
                if (f.getClassName().equals("jdk.jshell.JShell") && f.getMethodName().equals("eval")
                        || f.getClassName().equals(EXECUTE_HANDLER_CLASS)
                                && f.getMethodName().equals(EXECUTE_HANDLER_METHOD)) return true;
        return false;
    }

    /**
     * Where rapaio 3.0.1 answers an execute request ({@code InterruptIT} checks that the kernel in
     * lib/kernel has it).
     */
    public static final String EXECUTE_HANDLER_CLASS =
            "org.rapaio.jupyter.kernel.core.RapaioKernel";

    public static final String EXECUTE_HANDLER_METHOD = "handleExecuteRequest";

    /**
     * A line on the kernel's own stderr (Jupyter's log), never in a cell's output: rapaio points
     * {@code System.err} at the running cell.
     */
    private static void log(String line) {
        KERNEL_ERR.println("dlkit: " + line);
    }

    private static final java.io.PrintStream KERNEL_ERR = System.err;

    @SuppressWarnings("removal")
    private static void interrupt(List<Running> now) {
        for (Running r : now) {
            if (lastInterrupted.contains(r)) {
                // the stop button again, and the same cell still runs: stop its thread outright
                try {
                    r.thread().stop();
                    continue;
                } catch (UnsupportedOperationException e) {
                    // Java 20 and later: interrupting is all there is
                }
            }
            r.thread().interrupt();
        }
        if (!now.isEmpty())
            log(
                    "stop pressed: interrupted "
                            + now.size()
                            + " thread(s) running "
                            + now.get(0).cell());
        lastInterrupted = now;
    }

    /**
     * The threads running a cell: JShell compiles every cell into a class of the package REPL, so a
     * frame of such a class marks a thread that runs one (the kernel's own threads wait in its
     * code), and the outermost such frame is the cell itself.
     */
    static List<Running> cellThreads() {
        var out = new ArrayList<Running>();
        for (var e : Thread.getAllStackTraces().entrySet()) {
            String cell = null;
            for (StackTraceElement frame : e.getValue())
                if (frame.getClassName().startsWith("REPL.")) cell = frame.getClassName();
            if (cell != null) out.add(new Running(e.getKey(), cell));
        }
        return out;
    }
}
