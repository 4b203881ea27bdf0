package io.github.spencerpark.ijava.runtime;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import java.util.ArrayList;
import java.util.List;

/**
 * A stand-in for IJava 1.3's runtime entry point, with the signatures the kit calls by reflection
 * (Kernel.getKernelInstance(), BaseKernel.display(DisplayData),
 * BaseKernel.getIO().display.updateDisplay(String, DisplayData)). Tests set {@link #running}.
 */
public class Kernel {
    public static FakeKernel running;

    private Kernel() {}

    public static FakeKernel getKernelInstance() {
        return running;
    }

    public static class FakeKernel {
        public final List<String> log = new ArrayList<>();
        public final List<DisplayData> shown = new ArrayList<>();
        private final FakeIO io = new FakeIO(this);

        public void display(DisplayData data) {
            log.add("display " + data.getDisplayId());
            shown.add(data);
        }

        public FakeIO getIO() {
            return io;
        }
    }

    public static class FakeIO {
        public final FakeDisplayStream display;

        FakeIO(FakeKernel k) {
            display = new FakeDisplayStream(k);
        }
    }

    public static class FakeDisplayStream {
        private final FakeKernel k;

        FakeDisplayStream(FakeKernel k) {
            this.k = k;
        }

        public void updateDisplay(String id, DisplayData data) {
            k.log.add("update " + id);
            k.shown.add(data);
        }
    }
}
