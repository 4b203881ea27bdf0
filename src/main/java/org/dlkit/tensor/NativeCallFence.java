package org.dlkit.tensor;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.List;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Keeps ND4J's Java objects reachable until the native code that reads their memory has returned.
 *
 * <p>ND4J 1.0.0-M2.1 hands native code the addresses of tensors, not the Java objects that own
 * them. In {@code NativeOpExecutioner.exec(BroadcastOp, OpContext)}, for one, nothing but the
 * result is used after the native call, so the just-in-time compiler may treat the op — and with it
 * the row vector and the op's dimensions buffer — as dead while the call still runs. If a garbage
 * collection happens then, ND4J's deallocator frees memory that native code is reading: a crash
 * ({@code SIGSEGV} in {@code sd::DataBuffer::primary} or {@code sd::TadDescriptor}). Reproduced
 * here: {@code x.addRowVector(v)} in a loop with {@code System.gc()} every 5 ms crashed in 12–80 s;
 * with the op kept reachable it ran 1 000 000 iterations without one.
 *
 * <p>This transformer rewrites ND4J's backend classes as they load (CPU: {@code
 * org.nd4j.linalg.cpu.nativecpu}, including its BLAS; CUDA: {@code org.nd4j.linalg.jcublas}):
 * before every return of every method it adds {@link java.lang.ref.Reference#reachabilityFence} for
 * {@code this} and each object parameter. An op keeps its inputs, output, dimensions and extra
 * arguments in fields, so fencing the op keeps all of them alive across the call. A fence costs no
 * instructions once compiled; it only tells the compiler how long the object lives. It runs in
 * every kernel and in the kit's own JVM through {@link KitAgent}.
 */
public final class NativeCallFence implements ClassFileTransformer {
    /** The class-name prefixes whose methods are fenced. */
    static final List<String> PACKAGES =
            List.of("org/nd4j/linalg/cpu/nativecpu/", "org/nd4j/linalg/jcublas/");

    /**
     * JavaCPP's generated bindings (hundreds of classes of native methods) are where the calls go,
     * not where they come from: nothing to fence, and rewriting them slowed ND4J's start by 0.3 s.
     */
    static final String BINDINGS = "org/nd4j/linalg/cpu/nativecpu/bindings/";

    private static final String REFERENCE = "java/lang/ref/Reference";
    private static final String FENCE = "reachabilityFence";
    private static final String FENCE_DESCRIPTOR = "(Ljava/lang/Object;)V";

    private static final java.util.concurrent.atomic.AtomicLong classesFenced =
            new java.util.concurrent.atomic.AtomicLong();
    private static volatile String firstFailure;

    @Override
    public byte[] transform(
            ClassLoader loader,
            String className,
            Class<?> redefined,
            ProtectionDomain domain,
            byte[] classBytes) {
        if (className == null || !covers(className)) return null;
        try {
            byte[] fenced = fence(classBytes);
            classesFenced.incrementAndGet();
            return fenced;
        } catch (RuntimeException | LinkageError e) {
            if (firstFailure == null) {
                firstFailure = className + ": " + e;
                System.err.println(
                        "dlkit: could not add reachability fences to "
                                + className.replace('/', '.')
                                + " ("
                                + e
                                + "); it runs unchanged");
            }
            return null; // the class loads as it was
        }
    }

    /** Whether {@code className} (internal form, with slashes) is one this transformer fences. */
    static boolean covers(String className) {
        if (className.startsWith(BINDINGS)) return false;
        for (String p : PACKAGES) if (className.startsWith(p)) return true;
        return false;
    }

    /** How many classes have been fenced in this JVM (0 where the agent is not running). */
    public static long classesFenced() {
        return classesFenced.get();
    }

    /**
     * The class file {@code classBytes} with a reachability fence for {@code this} and every object
     * parameter before each return of each method.
     */
    static byte[] fence(byte[] classBytes) {
        var reader = new ClassReader(classBytes);
        // maxs only: fences add stack depth but no branches, so the stack-map frames stay valid
        var writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        reader.accept(
                new ClassVisitor(Opcodes.ASM9, writer) {
                    @Override
                    public MethodVisitor visitMethod(
                            int access,
                            String name,
                            String descriptor,
                            String signature,
                            String[] exceptions) {
                        var next =
                                super.visitMethod(access, name, descriptor, signature, exceptions);
                        int[] slots = objectSlots(access, descriptor);
                        if (slots.length == 0 || next == null) return next;
                        return new MethodVisitor(Opcodes.ASM9, next) {
                            @Override
                            public void visitInsn(int opcode) {
                                if (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN)
                                    for (int slot : slots) {
                                        super.visitVarInsn(Opcodes.ALOAD, slot);
                                        super.visitMethodInsn(
                                                Opcodes.INVOKESTATIC,
                                                REFERENCE,
                                                FENCE,
                                                FENCE_DESCRIPTOR,
                                                false);
                                    }
                                super.visitInsn(opcode);
                            }
                        };
                    }
                },
                0);
        return writer.toByteArray();
    }

    /**
     * The local-variable slots that hold {@code this} (instance methods; in a constructor it is
     * initialized by the time the method returns) and each object or array parameter.
     */
    static int[] objectSlots(int access, String descriptor) {
        var slots = new java.util.ArrayList<Integer>();
        int slot = 0;
        if ((access & Opcodes.ACC_STATIC) == 0) slots.add(slot++);
        for (Type t : Type.getArgumentTypes(descriptor)) {
            if (t.getSort() == Type.OBJECT || t.getSort() == Type.ARRAY) slots.add(slot);
            slot += t.getSize();
        }
        return slots.stream().mapToInt(Integer::intValue).toArray();
    }
}
