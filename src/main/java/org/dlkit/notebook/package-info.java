/**
 * Showing things in a notebook, whichever Java kernel runs it.
 *
 * <p>Reading order: {@link org.dlkit.notebook.Notebook} (what a lesson cell calls: {@code show},
 * {@code live}, {@code quickOr}) → {@link org.dlkit.notebook.Figure} (how a chart, an image or a
 * table becomes PNG or HTML) → {@link org.dlkit.notebook.LiveFigure} (one display redrawn while a
 * network trains; {@link org.dlkit.notebook.LiveTraining} draws one fit's curves in it, {@link
 * org.dlkit.notebook.LiveStages} a run in stages, a panel each) → {@link
 * org.dlkit.notebook.Kernels} (how the running kernel, IJava or rapaio, is found at run time
 * without a compile-time dependency on either) → {@link org.dlkit.notebook.Course} (the lessons in
 * order, which lesson 00 shows and the tests hold the notebooks to).
 *
 * <p>Outside a kernel (plain Java, unit tests) everything falls back to text on standard output,
 * and figures can be written as PNG files to the folder named by {@code DLKIT_FIGURES}.
 */
package org.dlkit.notebook;
