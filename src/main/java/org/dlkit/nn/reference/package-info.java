/**
 * The maths of every layer and loss as plain loops over {@code double[]}: the version a student
 * reads first, next to the lesson's formula, and the oracle the fast ND4J layers in {@link
 * org.dlkit.nn} are tested against.
 *
 * <p>Reading order: {@link org.dlkit.nn.reference.DenseLoops} → {@link
 * org.dlkit.nn.reference.ActivationLoops} → {@link org.dlkit.nn.reference.LossLoops} → {@link
 * org.dlkit.nn.reference.MaxoutLoops} → {@link org.dlkit.nn.reference.ConvLoops} → {@link
 * org.dlkit.nn.reference.PoolLoops} → {@link org.dlkit.nn.reference.BatchNormLoops}.
 *
 * <p>Shapes: x[n][d] is example n's feature d (N, D); w[d][m] (D, M); y[n][m] (N, M); images
 * x[n][c][h][w] (N, C, H, W), filters w[f][c][u][v] (F, C, KH, KW).
 */
package org.dlkit.nn.reference;
