package org.dlkit.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

class TablesawScanTest {
    private static byte[] tableBytes() throws Exception {
        try (InputStream in =
                tech.tablesaw.api.Table.class.getResourceAsStream(
                        "/tech/tablesaw/api/Table.class")) {
            return in.readAllBytes();
        }
    }

    /** Every method call in a class file, as owner.name. */
    private static List<String> calls(byte[] classBytes) {
        var calls = new ArrayList<String>();
        new ClassReader(classBytes)
                .accept(
                        new ClassVisitor(Opcodes.ASM9) {
                            @Override
                            public MethodVisitor visitMethod(
                                    int a, String n, String d, String s, String[] e) {
                                return new MethodVisitor(Opcodes.ASM9) {
                                    @Override
                                    public void visitMethodInsn(
                                            int op,
                                            String owner,
                                            String name,
                                            String desc,
                                            boolean i) {
                                        calls.add(owner + "." + name);
                                    }
                                };
                            }
                        },
                        0);
        return calls;
    }

    private static Path jarOf(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    @Test
    void tablesawsScanOfTheClassPathIsReplacedByTheNarrowedOne() throws Exception {
        List<String> before = calls(tableBytes());
        assertTrue(before.contains("io/github/classgraph/ClassGraph.scan"), before.toString());
        List<String> after = calls(TablesawScan.narrow(tableBytes()));
        assertTrue(!after.contains("io/github/classgraph/ClassGraph.scan"), after.toString());
        assertTrue(after.contains("org/dlkit/tensor/TablesawScan.scan"), after.toString());
        assertNull(
                new TablesawScan()
                        .transform(null, "tech/tablesaw/api/Row", null, null, tableBytes()));
        assertThrows(IllegalStateException.class, () -> TablesawScan.narrow(rowBytes()));
    }

    private static byte[] rowBytes() throws Exception {
        try (InputStream in =
                tech.tablesaw.api.Table.class.getResourceAsStream("/tech/tablesaw/api/Row.class")) {
            return in.readAllBytes();
        }
    }

    /**
     * The rewritten Table, loaded on its own (with its own Tablesaw and ClassGraph, the rest of the
     * class path shared), registers the same CSV and fixed-width readers and writers, from a scan
     * of the Tablesaw jar alone.
     */
    @Test
    void theRewrittenTableFindsItsReadersAndWritersInItsOwnJar() throws Exception {
        Path tablesaw = jarOf(tech.tablesaw.api.Table.class);
        Path classgraph = jarOf(io.github.classgraph.ClassGraph.class);
        byte[] rewritten = TablesawScan.narrow(tableBytes());
        try (var loader =
                new URLClassLoader(
                        new URL[] {tablesaw.toUri().toURL(), classgraph.toUri().toURL()},
                        getClass().getClassLoader()) {
                    @Override
                    protected Class<?> loadClass(String name, boolean resolve)
                            throws ClassNotFoundException {
                        synchronized (getClassLoadingLock(name)) {
                            if (!name.startsWith("tech.tablesaw.")
                                    && !name.startsWith("io.github.classgraph.")
                                    && !name.startsWith("nonapi.io.github.classgraph."))
                                return super.loadClass(name, resolve);
                            Class<?> c = findLoadedClass(name);
                            if (c == null)
                                c =
                                        name.equals("tech.tablesaw.api.Table")
                                                ? defineClass(
                                                        name,
                                                        rewritten,
                                                        0,
                                                        rewritten.length,
                                                        tech.tablesaw.api.Table.class
                                                                .getProtectionDomain())
                                                : findClass(name);
                            return c;
                        }
                    }
                }) {
            Class<?> table = Class.forName("tech.tablesaw.api.Table", true, loader);
            assertEquals(loader, table.getClassLoader());
            assertEquals(List.of(tablesaw.toString()), TablesawScan.lastScope());
            Object readers = table.getField("defaultReaderRegistry").get(null);
            var csvReader =
                    (java.util.Optional<?>)
                            readers.getClass()
                                    .getMethod("getReaderForExtension", String.class)
                                    .invoke(readers, "csv");
            assertTrue(csvReader.isPresent(), "no CSV reader registered");
            Object writers = table.getField("defaultWriterRegistry").get(null);
            assertNotNull(
                    writers.getClass()
                            .getMethod("getWriterForExtension", String.class)
                            .invoke(writers, "csv"));
        }
    }

    @Test
    void theScopeIsTheJarsThatHoldTablesawsIoPackage() throws Exception {
        List<String> scope = TablesawScan.scope(tech.tablesaw.api.Table.class);
        assertEquals(List.of(jarOf(tech.tablesaw.api.Table.class).toString()), scope);
        assertEquals(List.of(), TablesawScan.scope(String.class), "a class with no code source");
    }
}
