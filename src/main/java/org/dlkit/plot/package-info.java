/**
 * Figures for the lessons, drawn with XChart or straight into images: curves (losses, accuracies,
 * activation functions), decision boundaries of 2-D classifiers with the output of every hidden
 * neuron over the input plane, and image grids (digits with their labels, a layer's weights as
 * tiles).
 *
 * <p>Reading order: {@link org.dlkit.plot.Curves} → {@link org.dlkit.plot.Palette} → {@link
 * org.dlkit.plot.Images} → {@link org.dlkit.plot.Boundaries} → {@link org.dlkit.plot.Inspect}
 * (inside a CNN: filters, feature maps, the inputs that excite a filter most, the confusion matrix)
 * → {@link org.dlkit.plot.ChartStyle} (the one look every chart gets before it is drawn: theme, a
 * legend and title that fit, rounded ticks).
 *
 * <p>plot knows nothing of networks: a model is passed in as a function from a batch of inputs (N,
 * D) to outputs (N, M), so any layer, network or hand-written formula can be drawn.
 */
package org.dlkit.plot;
