package org.dlkit.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Starts Spark inside this JVM: {@code local[k]} runs k worker threads, with the same tasks,
 * broadcasts and aggregation as a cluster, but no network between them. Loopback only, no web UI.
 * On a cluster, give {@link #start(String, int)} the master URL instead (or let {@code
 * spark-submit} give it).
 */
public final class LocalSpark {
    private LocalSpark() {}

    /**
     * The packages Spark reaches into on Java 17; the JVM must start with {@code
     * --add-opens=java.base/PACKAGE=ALL-UNNAMED} for each (kit, the kernel and the tests do).
     */
    public static final java.util.List<String> OPENS =
            java.util.List.of(
                    "java.lang",
                    "java.lang.invoke",
                    "java.lang.reflect",
                    "java.io",
                    "java.net",
                    "java.nio",
                    "java.util",
                    "java.util.concurrent",
                    "java.util.concurrent.atomic",
                    "sun.nio.ch",
                    "sun.nio.cs",
                    "sun.security.action",
                    "sun.util.calendar");

    /** A Spark context with k worker threads in this JVM. */
    public static JavaSparkContext start(int workers) {
        if (workers < 1) throw new IllegalArgumentException("workers must be ≥ 1, got " + workers);
        return start("local[" + workers + "]", workers);
    }

    /**
     * A Spark context on the given master ("local[2]", "spark://host:7077", …); {@code
     * defaultParallelism} is how many partitions a data set gets by default.
     */
    public static JavaSparkContext start(String master, int defaultParallelism) {
        requireOpens();
        var conf =
                new SparkConf()
                        .setAppName("dlkit")
                        .setMaster(master)
                        .set("spark.ui.enabled", "false")
                        .set("spark.ui.showConsoleProgress", "false")
                        .set("spark.default.parallelism", Integer.toString(defaultParallelism));
        if (master.startsWith("local"))
            conf.set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1");
        return new JavaSparkContext(conf);
    }

    /**
     * Throws a clear error when the JVM was started without the --add-opens flags Spark needs on
     * Java 17 (otherwise Spark fails deep inside with an IllegalAccessError).
     */
    public static void requireOpens() {
        Module base = Object.class.getModule(), here = LocalSpark.class.getModule();
        var missing = OPENS.stream().filter(p -> !base.isOpen(p, here)).toList();
        if (!missing.isEmpty())
            throw new IllegalStateException(
                    "Spark needs this JVM started with --add-opens for "
                            + missing
                            + " (e.g. --add-opens=java.base/"
                            + missing.get(0)
                            + "=ALL-UNNAMED for each); kit and the dlkit kernel start Java so —"
                            + " a JVM started by hand needs them on its command line");
    }
}
