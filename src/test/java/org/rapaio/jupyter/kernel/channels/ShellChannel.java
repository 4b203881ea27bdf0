package org.rapaio.jupyter.kernel.channels;

/**
 * A stand-in for rapaio-jupyter-kernel's class of the same name (not on the kit's class path): what
 * {@link LoopThread} looks for in a loop's body, a channel that holds the kernel's {@link
 * Channels}.
 */
final class ShellChannel {
    final Channels channels = new Channels();
    final java.util.concurrent.atomic.AtomicInteger rounds =
            new java.util.concurrent.atomic.AtomicInteger();

    void round() {
        rounds.incrementAndGet();
    }
}
