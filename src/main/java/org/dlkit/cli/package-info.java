/**
 * The {@code kit} command line: {@code setup}, {@code lab}, {@code run}, {@code kernel install},
 * {@code test}. The shell script {@code kit} at the top of the project only finds Java 17+ and
 * builds {@code lib/}; everything else happens here.
 *
 * <p>Reading order: {@link org.dlkit.cli.Kit} (the commands) → {@link org.dlkit.cli.Jupyter}
 * (finding or installing Jupyter) → {@link org.dlkit.cli.KernelSpec} (the {@code dlkit} kernelspec
 * for IJava or rapaio) → {@link org.dlkit.cli.NotebookRunner} (executing a lesson into {@code
 * build/}).
 */
package org.dlkit.cli;
