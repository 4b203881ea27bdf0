package org.dlkit.tensor;

import java.lang.instrument.Instrumentation;

/**
 * The Java agent in {@code lib/kernel/dlkit-agent.jar}, started by every kernel and by the {@code
 * kit} command: it installs {@link NativeCallFence} and {@link TablesawScan} (always) and starts
 * the {@link MemoryGuard} when given its limits ({@code -javaagent:…/dlkit-agent.jar=1400,300}; no
 * arguments: fences only).
 */
public final class KitAgent {
    private KitAgent() {}

    /** Agent entry: installs the fences, then starts the memory guard if {@code args} is given. */
    public static void premain(String args, Instrumentation instrumentation) {
        instrumentation.addTransformer(new NativeCallFence());
        instrumentation.addTransformer(new TablesawScan());
        if (args != null && !args.isBlank()) MemoryGuard.premain(args);
    }
}
