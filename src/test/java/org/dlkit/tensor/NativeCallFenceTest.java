package org.dlkit.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

class NativeCallFenceTest {
    private static final String EXECUTIONER =
            "org/nd4j/linalg/cpu/nativecpu/ops/NativeOpExecutioner";

    /** A class with every shape of method the fences meet: static, instance, wide parameters. */
    public static final class Sample {
        final String name;

        public Sample(String name, long wide, double wider) {
            this.name = name + (wide + (long) wider);
        }

        public static String join(String a, long n, String[] rest) {
            if (n < 0) return a;
            return a + n + String.join("", rest);
        }

        public double twice(double x, Object ignored) {
            return 2 * x;
        }

        public int length() {
            return name.length();
        }
    }

    private static byte[] bytesOf(String internalName) throws IOException {
        try (InputStream in =
                NativeCallFenceTest.class
                        .getClassLoader()
                        .getResourceAsStream(internalName + ".class")) {
            assertNotNull(in, internalName + ".class is not on the test classpath");
            return in.readAllBytes();
        }
    }

    /**
     * Per method named {@code name} with {@code descriptor}: the slots fenced before each return.
     */
    private static List<List<Integer>> fencesBeforeReturns(
            byte[] classBytes, String name, String descriptor) {
        var perReturn = new ArrayList<List<Integer>>();
        new ClassReader(classBytes)
                .accept(
                        new ClassVisitor(Opcodes.ASM9) {
                            @Override
                            public MethodVisitor visitMethod(
                                    int access, String n, String d, String s, String[] e) {
                                if (!n.equals(name) || !d.equals(descriptor)) return null;
                                return new MethodVisitor(Opcodes.ASM9) {
                                    final List<Integer> pending = new ArrayList<>();
                                    int loaded = -1;

                                    @Override
                                    public void visitVarInsn(int opcode, int slot) {
                                        loaded = opcode == Opcodes.ALOAD ? slot : -1;
                                    }

                                    @Override
                                    public void visitMethodInsn(
                                            int op,
                                            String owner,
                                            String m,
                                            String md,
                                            boolean itf) {
                                        if (owner.equals("java/lang/ref/Reference")
                                                && m.equals("reachabilityFence")
                                                && loaded >= 0) pending.add(loaded);
                                        else pending.clear();
                                        loaded = -1;
                                    }

                                    @Override
                                    public void visitInsn(int opcode) {
                                        if (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN)
                                            perReturn.add(List.copyOf(pending));
                                        pending.clear();
                                        loaded = -1;
                                    }
                                };
                            }
                        },
                        0);
        return perReturn;
    }

    @Test
    void theBroadcastOpStaysReachableUntilEveryReturn() throws IOException {
        byte[] original = bytesOf(EXECUTIONER);
        String method = "exec";
        String descriptor =
                "(Lorg/nd4j/linalg/api/ops/BroadcastOp;Lorg/nd4j/linalg/api/ops/OpContext;)"
                        + "Lorg/nd4j/linalg/api/ndarray/INDArray;";
        var before = fencesBeforeReturns(original, method, descriptor);
        assertFalse(before.isEmpty(), "exec(BroadcastOp, OpContext) not found in " + EXECUTIONER);
        before.forEach(f -> assertEquals(List.of(), f, "ND4J's own class has no fences"));

        var after = fencesBeforeReturns(NativeCallFence.fence(original), method, descriptor);
        assertEquals(before.size(), after.size());
        // this, the op (which holds x, y, z and the dimensions) and the context
        after.forEach(f -> assertEquals(List.of(0, 1, 2), f));
    }

    @Test
    void onlyNd4jBackendClassesAreRewritten() throws IOException {
        assertTrue(NativeCallFence.covers(EXECUTIONER));
        assertTrue(NativeCallFence.covers("org/nd4j/linalg/cpu/nativecpu/blas/CpuLevel3"));
        assertTrue(
                NativeCallFence.covers("org/nd4j/linalg/jcublas/ops/executioner/CudaExecutioner"));
        assertFalse(NativeCallFence.covers("org/nd4j/linalg/api/ndarray/BaseNDArray"));
        assertFalse(
                NativeCallFence.covers("org/nd4j/linalg/cpu/nativecpu/bindings/Nd4jCpu$conv2d"));
        assertFalse(NativeCallFence.covers("org/dlkit/nn/Network"));
        var fence = new NativeCallFence();
        assertNull(fence.transform(null, "org/dlkit/nn/Network", null, null, new byte[] {1, 2, 3}));
        assertNull(fence.transform(null, null, null, null, new byte[] {1, 2, 3}));
        // a class file it cannot read loads unchanged rather than failing the kernel
        assertNull(fence.transform(null, EXECUTIONER, null, null, new byte[] {1, 2, 3}));
        assertNotNull(fence.transform(null, EXECUTIONER, null, null, bytesOf(EXECUTIONER)));
    }

    @Test
    void objectParametersAndThisAreFencedPastWideOnes() {
        // instance (this = 0), String at 1, long at 2–3, double at 4–5, array at 6
        assertArrayEquals(
                new int[] {0, 1, 6},
                NativeCallFence.objectSlots(Opcodes.ACC_PUBLIC, "(Ljava/lang/String;JD[I)V"));
        assertArrayEquals(
                new int[] {3},
                NativeCallFence.objectSlots(Opcodes.ACC_STATIC, "(JI[[Ljava/lang/Object;)V"));
        assertArrayEquals(new int[] {}, NativeCallFence.objectSlots(Opcodes.ACC_STATIC, "(IJ)D"));
    }

    @Test
    void fencedCodePassesTheVerifierAndBehavesTheSame() throws Exception {
        String name = Sample.class.getName();
        byte[] fenced = NativeCallFence.fence(bytesOf(name.replace('.', '/')));
        var loader =
                new ClassLoader(getClass().getClassLoader()) {
                    @Override
                    protected Class<?> loadClass(String n, boolean resolve)
                            throws ClassNotFoundException {
                        if (!n.equals(name)) return super.loadClass(n, resolve);
                        synchronized (getClassLoadingLock(n)) {
                            Class<?> c = findLoadedClass(n);
                            return c != null ? c : defineClass(n, fenced, 0, fenced.length);
                        }
                    }
                };
        Class<?> c = Class.forName(name, true, loader); // links, so the verifier runs
        assertTrue(c != Sample.class && c.getClassLoader() == loader);
        Object s =
                c.getConstructor(String.class, long.class, double.class).newInstance("a", 2L, 3.0);
        assertEquals(2, c.getMethod("length").invoke(s));
        assertEquals(7.0, c.getMethod("twice", double.class, Object.class).invoke(s, 3.5, null));
        assertEquals(
                "x5yz",
                c.getMethod("join", String.class, long.class, String[].class)
                        .invoke(null, "x", 5L, new String[] {"y", "z"}));
        assertEquals(
                "x",
                c.getMethod("join", String.class, long.class, String[].class)
                        .invoke(null, "x", -1L, new String[0]));
        assertFalse(fencesBeforeReturns(fenced, "twice", "(DLjava/lang/Object;)D").isEmpty());
        fencesBeforeReturns(fenced, "twice", "(DLjava/lang/Object;)D")
                .forEach(f -> assertEquals(List.of(0, 3), f));
    }
}
