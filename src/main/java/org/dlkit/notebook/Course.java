package org.dlkit.notebook;

import java.util.List;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The course: every lesson in order, what it teaches and which lecture handouts it follows. This
 * one list is what lesson 00 shows as the plan of the course; the tests hold the notebooks, their
 * titles and the syllabus page ({@code notebooks/README.md}) to it, so a lesson cannot be added,
 * renamed or renumbered in one place only.
 */
public final class Course {
    private Course() {}

    /**
     * One lesson.
     *
     * @param name the notebook's file name without ".ipynb", e.g. "06-convolution"
     * @param title the notebook's heading after "NN · "
     * @param handouts the handouts (course-notes) it follows, e.g. "000, 002"; "—" for none
     * @param topic what it teaches, in a line
     * @param fullTime how long {@code kit run NAME} takes in full mode on the 2-core machine the
     *     kit is tested on, e.g. "7 min" (the syllabus and the README give the same figure)
     */
    public record Lesson(
            String name, String title, String handouts, String topic, String fullTime) {
        /** "06" for "06-convolution". */
        public String number() {
            return name.substring(0, 2);
        }

        /** The notebook's first heading: "# 06 · Convolution". */
        public String heading() {
            return "# " + number() + " · " + title;
        }
    }

    /** The lessons, in the order they are taught. */
    public static final List<Lesson> LESSONS =
            List.of(
                    new Lesson(
                            "00-welcome",
                            "Welcome to dlkit",
                            "—",
                            "running cells, tensors, tables, plots, exercises and checks",
                            "9 s"),
                    new Lesson(
                            "01-logistic-neuron",
                            "The logistic neuron",
                            "003",
                            "from a fitted line to the sigmoid; gradient descent by hand",
                            "27 s"),
                    new Lesson(
                            "02-mlp-backprop",
                            "An MLP and backpropagation, step by step",
                            "001, 004",
                            "the 3-4-4-1 network; backpropagation; gradient checks; symmetry",
                            "63 s"),
                    new Lesson(
                            "03-activations-playground",
                            "Activations, outputs and the playground",
                            "004, 003",
                            "the activation zoo; the output cheat sheet; the ten Playground tasks",
                            "9 min"),
                    new Lesson(
                            "04-mnist-mlp",
                            "MNIST with a fully connected network",
                            "000, 002",
                            "784-100-10 as network3 trains it; a modern recipe; six optimisers; why deep",
                            "19 min"),
                    new Lesson(
                            "05-regularisation",
                            "Regularisation, normalisation and a good start",
                            "000, 001",
                            "dropout, batch normalisation, L2 and L1, early stopping, initialisation",
                            "7 min"),
                    new Lesson(
                            "06-convolution",
                            "Convolution",
                            "000, 002, 003, 004",
                            "receptive fields, shared weights, output sizes and padding, backward; AlphaGo; 1-D",
                            "69 s"),
                    new Lesson(
                            "07-pooling",
                            "Pooling",
                            "000, 001, 004",
                            "max, average and L2 pooling; shift invariance measured; backward",
                            "43 s"),
                    new Lesson(
                            "08-cnn-mnist",
                            "A convolutional network on MNIST",
                            "000, 001, 004",
                            "network3's CNNs rebuilt; what the filters learned; Fashion-MNIST; LeNet-5",
                            "32 min"),
                    new Lesson(
                            "09-autoencoders",
                            "Autoencoders: features without labels",
                            "002",
                            "8-3-8; an MNIST autoencoder against PCA; denoising autoencoders",
                            "4 min"),
                    new Lesson(
                            "10-stacked-autoencoders",
                            "Stacked autoencoders and greedy layer-wise pretraining",
                            "002",
                            "greedy layer-wise pretraining, fine-tuning, and what replaced it",
                            "6 min"),
                    new Lesson(
                            "11-sparse-conv-autoencoders",
                            "Sparse and convolutional autoencoders",
                            "002",
                            "a KL sparsity penalty; winner take all; a convolutional autoencoder with upsampling",
                            "7 min"),
                    new Lesson(
                            "12-reproductions",
                            "The classics at full scale",
                            "000, 002",
                            "the Theano SdA and Nielsen's best networks reproduced, beside the published error and cost",
                            "2½ h"),
                    new Lesson(
                            "13-parallel",
                            "Training faster, and beyond one machine",
                            "002",
                            "where the time goes; synchronous data parallelism and parameter averaging on Apache Spark; asynchronous SGD and staleness; Hogwild; float16 and bfloat16",
                            "7 min"));

    /** The plan of the course as a table: lesson, title, handouts, topic, time in full mode. */
    public static Table table() {
        return Table.create(
                "The lessons",
                StringColumn.create("lesson", LESSONS.stream().map(Lesson::number)),
                StringColumn.create("title", LESSONS.stream().map(Lesson::title)),
                StringColumn.create("handouts", LESSONS.stream().map(Lesson::handouts)),
                StringColumn.create("what it teaches", LESSONS.stream().map(Lesson::topic)),
                StringColumn.create("full mode, 2 cores", LESSONS.stream().map(Lesson::fullTime)));
    }
}
