package org.rapaio.jupyter.kernel.channels;

/**
 * dlkit's drop-in replacement for one class of rapaio-jupyter-kernel 3.0.1: the thread that runs a
 * channel's polling body again and again, pausing between rounds, until it is shut down.
 *
 * <p>Why it exists. In 3.0.1 this thread is marked running only <em>after</em> it has been started,
 * and its loop checks that mark first. When the new thread gets a core before the starting thread
 * sets the mark, the loop ends before its first round: 7–8% of 3 000 loops started in a row on a
 * 2-core machine. The kernel runs three such loops (shell, control, heartbeat). A lost shell loop
 * is a kernel that never answers (Jupyter: "Kernel didn't respond in 120 seconds"; 2 of 27 kernel
 * starts here); losing all three ends the process at once ("Kernel died before replying to
 * kernel_info").
 *
 * <p>A second race of the same start-up: a request (Jupyter's first kernel_info) can reach the
 * shell channel before the kernel has registered its message handlers; the round then throws a
 * NullPointerException, which in 3.0.1 ends the shell loop and leaves a kernel that never answers
 * (1 of 22 grading kernels started two at a time here). Jupyter repeats kernel_info until it is
 * answered, so a loop that survives the failed round recovers on its own.
 *
 * <p>Here the only state is a stop flag that is false from construction, so a started thread always
 * runs its body at least once and keeps running until {@link #shutdown()}; a round that throws is
 * reported on standard error and the loop goes on. The class keeps the original's name and public
 * members, and the kit puts it on the kernel's class path ahead of the kernel's jar (its own small
 * jar, {@code lib/kernel/dlkit-rjk-patch.jar}; see {@code org.dlkit.cli.KernelSpec}). It is not
 * part of {@code dlkit.jar}.
 */
public final class LoopThread extends Thread {

    private final long pauseMillis;
    private final Runnable body;
    private volatile boolean stopped;

    /**
     * @param name the thread's name
     * @param pauseMillis the pause after each round of the body
     * @param body one round of polling
     */
    public LoopThread(String name, long pauseMillis, Runnable body) {
        super(name);
        this.pauseMillis = pauseMillis;
        this.body = body;
    }

    @Override
    public void run() {
        while (!stopped) {
            try {
                body.run();
            } catch (RuntimeException e) {
                // a round that fails must not end the loop: a request that arrives before the
                // kernel has registered its handlers throws (see above), and the client asks again
                System.err.println(getName() + ": a round failed and the loop goes on: " + e);
            }
            try {
                Thread.sleep(pauseMillis);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Ends the loop after the round in progress. */
    public void shutdown() {
        stopped = true;
    }
}
