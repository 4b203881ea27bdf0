package org.dlkit.tensor;

import java.util.function.Supplier;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.ResetPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Memory that one training step lends to the next. A step makes dozens of temporary tensors
 * (activations, gradients, masks); ND4J keeps tensors outside the Java heap and frees them only
 * after the garbage collector has noticed them, so without help every step asks the operating
 * system for fresh pages, and on a small machine that costs more than the arithmetic (kit bench: 1
 * 900 → 4 600 images/s for lesson 08's network).
 *
 * <p>Inside {@code try (var m = StepMemory.open("step")) { ... }} every new tensor is cut from one
 * block (an ND4J workspace) that the next {@code open} with the same id reuses. So nothing made
 * inside may be kept after the block closes: ND4J stops with "outdated workspace pointer" if it is
 * used later. Whatever must outlive a step — optimiser state, running averages — is made with
 * {@link #outside} or updated in place.
 */
public final class StepMemory {
    private StepMemory() {}

    /** Learns the size of a step over its first few rounds, then reuses one block. */
    private static final WorkspaceConfiguration CONFIG =
            WorkspaceConfiguration.builder()
                    .initialSize(0)
                    .overallocationLimit(0.05)
                    .policyLearning(LearningPolicy.OVER_TIME)
                    .cyclesBeforeInitialization(2)
                    .policyReset(ResetPolicy.BLOCK_LEFT)
                    .policySpill(SpillPolicy.REALLOCATE)
                    .policyAllocation(AllocationPolicy.OVERALLOCATE)
                    .build();

    /** Opens (and on later calls reuses) the memory named id for the current thread. */
    public static MemoryWorkspace open(String id) {
        return Nd4j.getWorkspaceManager().getAndActivateWorkspace(CONFIG, "dlkit-" + id);
    }

    /**
     * Gives the block of the memory named id back, if this thread has one and it is not open. A
     * block keeps the size of the largest step it served until it is released: 1 000 images through
     * a convolutional autoencoder need about 400 MB, which a notebook would otherwise hold for the
     * rest of the lesson. Whatever still points into the block must be made again first (layers'
     * caches: see {@code Network.predict}).
     */
    public static void release(String id) {
        var manager = Nd4j.getWorkspaceManager();
        String name = "dlkit-" + id;
        if (!manager.checkIfWorkspaceExists(name) || manager.checkIfWorkspaceExistsAndActive(name))
            return;
        manager.getWorkspaceForCurrentThread(name).destroyWorkspace();
    }

    /** The size in bytes of this thread's block named id, 0 if there is none. */
    public static long size(String id) {
        var manager = Nd4j.getWorkspaceManager();
        String name = "dlkit-" + id;
        return manager.checkIfWorkspaceExists(name)
                ? manager.getWorkspaceForCurrentThread(name).getCurrentSize()
                : 0;
    }

    /**
     * Makes a tensor in ordinary memory even while a step's memory is open, e.g. optimiser state.
     */
    public static <T> T outside(Supplier<T> make) {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return make.get();
        }
    }
}
