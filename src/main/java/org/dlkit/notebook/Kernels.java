package org.dlkit.notebook;

import java.lang.reflect.Method;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Finds the Jupyter kernel this JVM runs in and speaks its display API through reflection, so the
 * kit has no compile-time dependency on any kernel.
 *
 * <p>Both kernels run notebook cells in their own JVM, so their runtime classes are reachable from
 * the class loader that loaded the kit (or the thread's context loader).
 */
final class Kernels {
    private Kernels() {}

    /** What a kernel must offer: show a figure, and replace a shown one in place. */
    interface Engine {
        String name();

        /** Shows the figure and returns the id that {@link #update} takes. */
        String display(Figure f);

        /** Replaces the figure shown under id. */
        void update(String id, Figure f);
    }

    private static volatile Engine current;

    /** The engine of the running kernel, or the plain-text console outside a kernel. */
    static Engine current() {
        Engine e = current;
        if (e == null) {
            e = detect();
            current = e;
        }
        return e;
    }

    /** For tests: use this engine from now on. */
    static void use(Engine engine) {
        current = engine;
    }

    private static Engine detect() {
        for (var candidate : List.of(Rapaio.CLASS, IJava.CLASS)) {
            Class<?> c = find(candidate);
            if (c == null) continue;
            try {
                return candidate.equals(Rapaio.CLASS) ? new Rapaio(c) : new IJava(c);
            } catch (ReflectiveOperationException | RuntimeException e) {
                // the kernel's classes without a running kernel (a test classpath), or an API
                // this kit does not know: show figures as text rather than fail the cell
                if (!(e instanceof IllegalStateException)) {
                    System.err.println(
                            "dlkit: found "
                                    + candidate
                                    + " but could not use its display API ("
                                    + e
                                    + "); figures are shown as text.");
                }
            }
        }
        return new Console();
    }

    private static Class<?> find(String name) {
        for (ClassLoader loader :
                new ClassLoader[] {
                    Thread.currentThread().getContextClassLoader(),
                    Kernels.class.getClassLoader(),
                    ClassLoader.getSystemClassLoader()
                }) {
            if (loader == null) continue;
            try {
                return Class.forName(name, false, loader);
            } catch (ClassNotFoundException | LinkageError ignored) {
                // not this loader; try the next
            }
        }
        return null;
    }

    /** The figure as a MIME bundle; Jupyter's image/png field holds base64 text. */
    static Map<String, Object> bundle(Figure f) {
        var b = new java.util.LinkedHashMap<String, Object>();
        if (f.image() != null) b.put("image/png", Base64.getEncoder().encodeToString(f.png()));
        if (f.html() != null) b.put("text/html", f.html());
        b.put("text/plain", f.text());
        return b;
    }

    /**
     * rapaio-jupyter-kernel: {@code org.rapaio.jupyter.kernel.global.Global.display(String mime,
     * Object)} and {@code updateDisplay(String id, String mime, Object)}. Its renderers turn a
     * BufferedImage into image/png and take a String as the given MIME type; a bundle of several
     * types is not passed through, so each figure goes as its richest type.
     */
    static final class Rapaio implements Engine {
        static final String CLASS = "org.rapaio.jupyter.kernel.global.Global";
        private final Method display;
        private final Method update;

        Rapaio(Class<?> global) throws ReflectiveOperationException {
            display = global.getMethod("display", String.class, Object.class);
            update = global.getMethod("updateDisplay", String.class, String.class, Object.class);
        }

        @Override
        public String name() {
            return "rapaio-jupyter-kernel";
        }

        @Override
        public String display(Figure f) {
            try {
                return (String) display.invoke(null, mimeOf(f), valueOf(f));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("rapaio display failed: " + e.getCause(), e);
            }
        }

        @Override
        public void update(String id, Figure f) {
            try {
                update.invoke(null, id, mimeOf(f), valueOf(f));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("rapaio updateDisplay failed: " + e.getCause(), e);
            }
        }

        private static String mimeOf(Figure f) {
            return f.image() != null ? "image/png" : f.html() != null ? "text/html" : "text/plain";
        }

        private static Object valueOf(Figure f) {
            return f.image() != null ? f.image() : f.html() != null ? f.html() : f.text();
        }
    }

    /**
     * IJava (1.3): the running kernel is {@code io.github.spencerpark.ijava.runtime.Kernel
     * .getKernelInstance()}. Its renderer does not pass a ready-made bundle through, so the kit
     * fills the base kernel's {@code DisplayData} itself and hands it over the way IJava's own
     * {@code Display} class does: {@code kernel.display(data)} to show, and {@code
     * kernel.getIO().display.updateDisplay(id, data)} to redraw.
     */
    static final class IJava implements Engine {
        static final String CLASS = "io.github.spencerpark.ijava.runtime.Kernel";
        private final Method instance;
        private final Class<?> dataClass;
        private final java.lang.reflect.Constructor<?> newData;
        private final Method putData;
        private final Method setDisplayId;

        IJava(Class<?> kernelClass) throws ReflectiveOperationException {
            instance = kernelClass.getMethod("getKernelInstance");
            dataClass =
                    Class.forName(
                            "io.github.spencerpark.jupyter.kernel.display.DisplayData",
                            false,
                            kernelClass.getClassLoader());
            newData = dataClass.getConstructor(String.class);
            putData = dataClass.getMethod("putData", String.class, Object.class);
            setDisplayId = dataClass.getMethod("setDisplayId", String.class);
            if (kernel() == null)
                throw new IllegalStateException(
                        "IJava's classes are here but no IJava kernel runs");
        }

        private Object kernel() throws ReflectiveOperationException {
            return instance.invoke(null);
        }

        private Object data(Figure f, String id) throws ReflectiveOperationException {
            Object d = newData.newInstance(f.text());
            for (var e : bundle(f).entrySet()) putData.invoke(d, e.getKey(), e.getValue());
            setDisplayId.invoke(d, id);
            return d;
        }

        @Override
        public String name() {
            return "IJava";
        }

        @Override
        public String display(Figure f) {
            try {
                String id = UUID.randomUUID().toString();
                Object kernel = kernel();
                kernel.getClass().getMethod("display", dataClass).invoke(kernel, data(f, id));
                return id;
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("IJava display failed: " + e.getCause(), e);
            }
        }

        @Override
        public void update(String id, Figure f) {
            try {
                Object kernel = kernel();
                Object io = kernel.getClass().getMethod("getIO").invoke(kernel);
                Object stream = io.getClass().getField("display").get(io);
                stream.getClass()
                        .getMethod("updateDisplay", String.class, dataClass)
                        .invoke(stream, id, data(f, id));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("IJava updateDisplay failed: " + e.getCause(), e);
            }
        }
    }

    /**
     * No kernel: text to standard output; images also go to PNG files when the environment variable
     * DLKIT_FIGURES names a folder.
     */
    static final class Console implements Engine {
        @Override
        public String name() {
            return "console";
        }

        @Override
        public String display(Figure f) {
            String id = UUID.randomUUID().toString();
            print(id, f);
            return id;
        }

        @Override
        public void update(String id, Figure f) {
            print(id, f);
        }

        private static void print(String id, Figure f) {
            String text = f.text();
            String dir = System.getenv("DLKIT_FIGURES");
            if (f.image() != null && dir != null && !dir.isBlank()) {
                var file = java.nio.file.Path.of(dir, "figure-" + id + ".png");
                try {
                    java.nio.file.Files.createDirectories(file.getParent());
                    java.nio.file.Files.write(file, f.png());
                    text += " → " + file;
                } catch (java.io.IOException e) {
                    text += " (could not write " + file + ": " + e.getMessage() + ")";
                }
            }
            System.out.println(text);
        }
    }
}
