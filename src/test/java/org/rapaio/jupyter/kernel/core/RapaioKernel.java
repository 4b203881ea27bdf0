package org.rapaio.jupyter.kernel.core;

/**
 * A stand-in for rapaio-jupyter-kernel's class of the same name (not on the kit's class path): the
 * method the kit's stop button looks for on a thread's stack while the kernel is busy with a cell.
 */
public final class RapaioKernel {
    /** Does an execute request's work (reading, compiling, running the cell) in this frame. */
    public void handleExecuteRequest(Runnable work) {
        work.run();
    }
}
