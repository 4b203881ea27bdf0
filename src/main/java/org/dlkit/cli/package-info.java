/**
 * The {@code kit} command line: {@code setup}, {@code lab}, {@code run}, {@code kernel install},
 * {@code test}, {@code bench}, {@code student}, {@code grade}. The shell script {@code kit} at the
 * top of the project only finds Java 17+, checks {@code setup}'s flags and builds {@code lib/};
 * everything else happens here.
 *
 * <p>Reading order: {@link org.dlkit.cli.Kit} (the commands; {@link org.dlkit.cli.KitException} is
 * how one of them fails with a line and an exit code) → {@link org.dlkit.cli.Home} (where the
 * project, {@code lib/} and {@code build/} are) → {@link org.dlkit.data.Programs} (running a
 * program, shared with the data files) → {@link org.dlkit.cli.Jupyter} (finding or installing
 * Jupyter) → {@link org.dlkit.cli.KernelSpec} (the {@code dlkit} kernelspec for IJava or rapaio;
 * {@link org.dlkit.cli.Gpu} says whether CUDA can run) → {@link org.dlkit.cli.NotebookRunner}
 * (executing a lesson into {@code build/}) → {@link org.dlkit.cli.Folders} (a folder to write in,
 * or one line saying why not).
 *
 * <p>Speed: {@link org.dlkit.cli.Bench} ({@code kit bench}, layer by layer) with {@link
 * org.dlkit.cli.Dl4jPeer} (the same network in DL4J, in its own JVM).
 *
 * <p>Homework: {@link org.dlkit.cli.Exercises} (a lesson's exercises as JSON: the students' copy,
 * the submission's answers put into the teacher's lesson) → {@link org.dlkit.cli.Homework} ({@code
 * kit student}, {@code kit grade}) → {@link org.dlkit.cli.Grader} (a class's submissions, several
 * kernels at once) → {@link org.dlkit.cli.GradingPlan} (which cells run, which answers are refused;
 * {@link org.dlkit.cli.CellSource} reads a cell's declarations) → {@link org.dlkit.cli.GradeRun}
 * (the kernel's replies turned into points) → {@link org.dlkit.cli.GradeReport} (the table, the
 * feedback pages, grades.csv); {@link org.dlkit.cli.GradingBench} grades a made-up class.
 */
package org.dlkit.cli;
