package org.dlkit.tensor;

import java.lang.instrument.ClassFileTransformer;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.file.Path;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Makes Tablesaw's first table take a fraction of a second instead of five.
 *
 * <p>When its class {@code Table} is first used, Tablesaw 0.44 finds its file readers and writers
 * by scanning the whole class path with ClassGraph for classes in {@code tech.tablesaw.io}. The
 * kernel's class path holds some 130 jars (ND4J, Spark, Hadoop, Scala), and the scan took 5–6 s of
 * every lesson's first cell and every grading kernel's; only Tablesaw's own jars hold those
 * classes. This transformer rewrites {@code Table} as it loads so that the scan looks only at the
 * class-path entries that contain the package {@code tech.tablesaw.io} (tablesaw-core, and
 * tablesaw-json or -excel if a user adds them): the same readers and writers are found. If those
 * entries cannot be told, the scan covers the whole class path as before. It runs in every kernel
 * and in the kit's own JVM through {@link KitAgent}.
 */
public final class TablesawScan implements ClassFileTransformer {
    static final String TABLE = "tech/tablesaw/api/Table";
    static final String PACKAGE = "tech/tablesaw/io";
    private static final String CLASS_GRAPH = "io/github/classgraph/ClassGraph";
    private static final String SCAN_RESULT = "io/github/classgraph/ScanResult";
    private static final String HELPER = Type.getInternalName(TablesawScan.class);
    private static final String HELPER_DESCRIPTOR =
            "(Ljava/lang/Object;Ljava/lang/Class;)Ljava/lang/Object;";

    private static volatile List<String> lastScope = List.of();

    @Override
    public byte[] transform(
            ClassLoader loader,
            String className,
            Class<?> redefined,
            ProtectionDomain domain,
            byte[] classBytes) {
        if (!TABLE.equals(className)) return null;
        try {
            return narrow(classBytes);
        } catch (RuntimeException | LinkageError e) {
            System.err.println(
                    "dlkit: could not narrow Tablesaw's class-path scan ("
                            + e
                            + "); it scans the whole class path");
            return null; // the class loads as it was
        }
    }

    /**
     * {@code Table}'s class file with each call {@code classGraph.scan()} replaced by {@link
     * #scan(Object, Class) TablesawScan.scan(classGraph, Table.class)}.
     */
    static byte[] narrow(byte[] classBytes) {
        var reader = new ClassReader(classBytes);
        var writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        int[] replaced = {0};
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
                        return new MethodVisitor(Opcodes.ASM9, next) {
                            @Override
                            public void visitMethodInsn(
                                    int opcode,
                                    String owner,
                                    String method,
                                    String methodDescriptor,
                                    boolean isInterface) {
                                if (opcode == Opcodes.INVOKEVIRTUAL
                                        && owner.equals(CLASS_GRAPH)
                                        && method.equals("scan")
                                        && methodDescriptor.equals("()L" + SCAN_RESULT + ";")) {
                                    super.visitLdcInsn(Type.getObjectType(TABLE));
                                    super.visitMethodInsn(
                                            Opcodes.INVOKESTATIC,
                                            HELPER,
                                            "scan",
                                            HELPER_DESCRIPTOR,
                                            false);
                                    super.visitTypeInsn(Opcodes.CHECKCAST, SCAN_RESULT);
                                    replaced[0]++;
                                } else {
                                    super.visitMethodInsn(
                                            opcode, owner, method, methodDescriptor, isInterface);
                                }
                            }
                        };
                    }
                },
                0);
        if (replaced[0] == 0)
            throw new IllegalStateException("no ClassGraph.scan() call in " + TABLE);
        return writer.toByteArray();
    }

    /**
     * What the rewritten {@code Table} calls instead of {@code classGraph.scan()}: the scan,
     * limited to the class-path entries of {@code table}'s class loader that hold {@code
     * tech.tablesaw.io}. Reflection only: this class is loaded by the agent's class loader, which
     * cannot see ClassGraph.
     */
    public static Object scan(Object classGraph, Class<?> table) throws Throwable {
        List<String> scope = scope(table);
        try {
            if (!scope.isEmpty())
                classGraph
                        .getClass()
                        .getMethod("overrideClasspath", Iterable.class)
                        .invoke(classGraph, scope);
            lastScope = scope;
            return classGraph.getClass().getMethod("scan").invoke(classGraph);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /**
     * The class-path entries (jar files or folders) in which {@code table}'s class loader finds the
     * package {@code tech.tablesaw.io}, always including the one {@code table} came from; empty if
     * they cannot be told.
     */
    static List<String> scope(Class<?> table) {
        var entries = new LinkedHashSet<String>();
        try {
            var own = table.getProtectionDomain().getCodeSource();
            if (own == null) return List.of();
            entries.add(Path.of(own.getLocation().toURI()).toString());
            ClassLoader loader = table.getClassLoader();
            if (loader != null)
                for (URL url : Collections.list(loader.getResources(PACKAGE))) {
                    String entry = entryOf(url, PACKAGE);
                    if (entry == null) return List.of();
                    entries.add(entry);
                }
        } catch (Exception e) {
            return List.of();
        }
        return new ArrayList<>(entries);
    }

    /** The jar file or folder that {@code url}, a resource named {@code name}, was found in. */
    static String entryOf(URL url, String name) throws Exception {
        switch (url.getProtocol()) {
            case "jar":
                var connection = (JarURLConnection) url.openConnection();
                connection.setUseCaches(false);
                return Path.of(connection.getJarFileURL().toURI()).toString();
            case "file":
                Path p = Path.of(url.toURI());
                for (int i = 0; i < name.split("/").length; i++) p = p.getParent();
                return p.toString();
            default:
                return null;
        }
    }

    /** The entries the last narrowed scan looked at (empty if none ran in this JVM). */
    public static List<String> lastScope() {
        return lastScope;
    }
}
