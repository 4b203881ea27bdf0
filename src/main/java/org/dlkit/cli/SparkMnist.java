package org.dlkit.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.dlkit.data.DataSet;
import org.dlkit.data.Mnist;
import org.dlkit.spark.LocalSpark;
import org.dlkit.spark.Recipe;
import org.dlkit.spark.Recipes;
import org.dlkit.spark.SparkTrainer;
import org.dlkit.train.History;
import org.dlkit.train.Momentum;
import org.dlkit.train.Trainer;
import org.dlkit.train.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Trains a lesson network on MNIST with Spark: {@code kit spark} runs it in a JVM of its own with
 * {@code local[k]}; on a cluster, {@code spark-submit --class org.dlkit.cli.SparkMnist} runs the
 * same program against the cluster's master (README, "Beyond one machine").
 */
@Command(
        name = "spark-mnist",
        mixinStandardHelpOptions = true,
        description = "Train on MNIST with Spark (see kit spark --help).")
public final class SparkMnist implements Callable<Integer> {

    /** The options, shared by {@code kit spark} and this program. */
    static final class Options {
        @Option(
                names = "--master",
                description =
                        "Spark master URL, e.g. spark://host:7077 (default: what spark-submit gave, else local[WORKERS])")
        String master;

        @Option(
                names = "--workers",
                description = "shards, one per worker (default ${DEFAULT-VALUE})",
                defaultValue = "2")
        int workers;

        @Option(
                names = "--network",
                description =
                        "mlp (lesson 04's 784-100-10) or cnn (lesson 08's); default ${DEFAULT-VALUE}",
                defaultValue = "cnn")
        String network;

        @Option(
                names = "--local-steps",
                description =
                        "steps each worker takes between averages; 0 for synchronous SGD with momentum (default ${DEFAULT-VALUE})",
                defaultValue = "10")
        int localSteps;

        @Option(
                names = "--epochs",
                description = "passes over the training set (default ${DEFAULT-VALUE})",
                defaultValue = "3")
        int epochs;

        @Option(
                names = "--batch",
                description = "examples per worker per step (default ${DEFAULT-VALUE})",
                defaultValue = "32")
        int batch;

        @Option(
                names = "--eta",
                description = "step size η (default ${DEFAULT-VALUE})",
                defaultValue = "0.05")
        double eta;

        @Option(
                names = "--digits",
                description = "training digits to use, at most 50 000 (default ${DEFAULT-VALUE})",
                defaultValue = "50000")
        int digits;

        @Option(
                names = "--seed",
                description =
                        "seed of the weights and of the order of examples (default ${DEFAULT-VALUE})",
                defaultValue = "1")
        long seed;

        List<String> args() {
            var a = new ArrayList<String>();
            if (master != null) a.addAll(List.of("--master", master));
            a.addAll(
                    List.of(
                            "--workers", Integer.toString(workers),
                            "--network", network,
                            "--local-steps", Integer.toString(localSteps),
                            "--epochs", Integer.toString(epochs),
                            "--batch", Integer.toString(batch),
                            "--eta", Double.toString(eta),
                            "--digits", Integer.toString(digits),
                            "--seed", Long.toString(seed)));
            return a;
        }

        void check() {
            if (workers < 1)
                throw new KitException("--workers must be at least 1, got " + workers, 2);
            if (localSteps < 0)
                throw new KitException("--local-steps must be 0 or more, got " + localSteps, 2);
            if (epochs < 1) throw new KitException("--epochs must be at least 1, got " + epochs, 2);
            if (batch < 1) throw new KitException("--batch must be at least 1, got " + batch, 2);
            if (!(eta > 0)) throw new KitException("--eta must be positive, got " + eta, 2);
            if (digits < workers * batch || digits > 50_000)
                throw new KitException(
                        "--digits must be between "
                                + workers * batch
                                + " (a batch per worker) and 50 000, got "
                                + digits,
                        2);
            if (!network.equals("mlp") && !network.equals("cnn"))
                throw new KitException("--network must be mlp or cnn, got " + network, 2);
        }
    }

    @CommandLine.Mixin Options options = new Options();

    public static void main(String[] args) {
        var cl = new CommandLine(new SparkMnist());
        cl.setExecutionExceptionHandler(
                (e, line, parsed) -> {
                    if (e instanceof KitException k) {
                        line.getErr().println("kit spark: " + k.getMessage());
                        return k.exitCode();
                    }
                    if (e instanceof java.io.UncheckedIOException io) {
                        // no data and no way to fetch it: the message says what to do
                        line.getErr().println("kit spark: " + io.getCause().getMessage());
                        return 1;
                    }
                    throw e;
                });
        System.exit(cl.execute(args));
    }

    @Override
    public Integer call() {
        options.check();
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        boolean cnn = options.network.equals("cnn");
        Mnist mnist = Mnist.load();
        DataSet train = images(mnist.train().head(options.digits), cnn);
        DataSet validation = images(mnist.validation(), cnn);
        DataSet test = images(mnist.test(), cnn);
        Recipe recipe = cnn ? Recipes.cnn(options.seed) : Recipes.mlp(options.seed, 784, 100, 10);
        String master =
                options.master != null
                        ? options.master
                        : System.getProperty("spark.master", "local[" + options.workers + "]");
        try (JavaSparkContext spark = LocalSpark.start(master, options.workers)) {
            var trainer = new SparkTrainer(spark, recipe, train, options.workers);
            System.out.printf(
                    Locale.ROOT,
                    "%s on %s: %s, %s, %d × %d examples per step, η = %s%n",
                    trainer.network().name(),
                    master,
                    options.workers == 1 ? "1 worker" : options.workers + " workers",
                    options.localSteps == 0
                            ? "synchronous SGD with momentum 0.9"
                            : "parameter averaging every " + options.localSteps + " steps of SGD",
                    options.workers,
                    options.batch,
                    options.eta);
            TrainingListener print =
                    new TrainingListener() {
                        @Override
                        public void epochEnded(History h) {
                            double seconds =
                                    h.table().doubleColumn(History.SECONDS).get(h.epochs() - 1);
                            System.out.printf(
                                    Locale.ROOT,
                                    "epoch %d: loss %.4f, validation %.2f%%, %.1f s, %.0f images/s%n",
                                    h.epochs(),
                                    h.last(History.TRAIN_LOSS),
                                    100 * h.last(History.VALIDATION_ACCURACY),
                                    seconds,
                                    train.size() / seconds);
                        }
                    };
            History h =
                    options.localSteps == 0
                            ? trainer.synchronous(
                                    new Momentum(options.eta, 0.9),
                                    options.epochs,
                                    options.batch,
                                    options.seed,
                                    validation,
                                    print)
                            : trainer.averaging(
                                    options.eta,
                                    options.localSteps,
                                    options.epochs,
                                    options.batch,
                                    options.seed,
                                    validation,
                                    print);
            var result = Trainer.evaluate(trainer.network(), recipe.loss(), test);
            System.out.printf(
                    Locale.ROOT,
                    "test accuracy %.2f%% after %.1f s of training (%.0f images/s)%n",
                    100 * result.accuracy(),
                    h.seconds(),
                    options.epochs * (double) train.size() / h.seconds());
        }
        return 0;
    }

    private static DataSet images(DataSet d, boolean asImages) {
        return asImages ? new DataSet(d.name(), Mnist.images(d.x()), d.y()) : d;
    }
}
