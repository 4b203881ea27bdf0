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
 * <p>A third: between binding its sockets (which starts the loops) and registering its handlers,
 * the kernel drops what arrives ("Unhandled message: kernel_info_request"). nbclient asks again,
 * but Jupyter Notebook's server asks once when a page connects and then waits 60 s for the answer:
 * with five kernels starting at once on 2 cores (the hub test), three students' first cells waited
 * those 60 s. So a loop that dispatches requests (the shell's and the control channel's) waits
 * before its first round until the kernel has finished connecting; meanwhile the requests wait in
 * their socket, and none is lost.
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
        awaitHandlers();
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

    /**
     * Waits (up to a minute) until the kernel this loop serves has registered its message handlers,
     * when the loop is a shell or control channel's. The kernel's classes are not on the kit's
     * compile path, so they are reached by reflection: the body is a lambda that captured its
     * channel, the channel holds the kernel's {@code Channels}, and that sets {@code isConnected}
     * once every handler is in place. Anything unexpected (another kernel version) skips the wait.
     */
    private void awaitHandlers() {
        Object channels = dispatcherOf(body);
        if (channels == null) return;
        try {
            var connected = channels.getClass().getDeclaredField("isConnected");
            connected.setAccessible(true);
            long until = System.nanoTime() + 60_000_000_000L;
            while (!stopped && !connected.getBoolean(channels) && System.nanoTime() < until)
                Thread.sleep(5);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // not the kernel this was written for: start at once, as before
        } catch (InterruptedException e) {
            interrupt();
        }
    }

    /** The kernel's Channels object when body is a shell or control channel's loop, else null. */
    static Object dispatcherOf(Runnable body) {
        try {
            for (var f : body.getClass().getDeclaredFields()) {
                f.setAccessible(true);
                Object captured = f.get(body);
                if (captured == null) continue;
                String name = captured.getClass().getName();
                if (!name.endsWith(".ShellChannel") && !name.endsWith(".ControlChannel")) continue;
                for (Class<?> c = captured.getClass(); c != null; c = c.getSuperclass()) {
                    try {
                        var field = c.getDeclaredField("channels");
                        field.setAccessible(true);
                        return field.get(captured);
                    } catch (NoSuchFieldException notHere) {
                        // look in the superclass (AbstractChannel)
                    }
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
        return null;
    }

    /** Ends the loop after the round in progress. */
    public void shutdown() {
        stopped = true;
    }
}
