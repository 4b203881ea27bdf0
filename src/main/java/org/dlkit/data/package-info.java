/**
 * Data for the lessons: tensors of examples and targets, the files they come from, and the toy sets
 * the first lessons draw on.
 *
 * <p>Reading order: {@link org.dlkit.data.DataSet} (examples x and targets y, batches, shuffling,
 * splits) → {@link org.dlkit.data.Labels} (class numbers ↔ one-hot rows) → {@link
 * org.dlkit.data.Playground} (TensorFlow Playground's 2-D sets and feature crosses) → {@link
 * org.dlkit.data.Idx} (the IDX file format) → {@link org.dlkit.data.Mnist} (MNIST and
 * Fashion-MNIST) → {@link org.dlkit.data.DataFiles} and {@link org.dlkit.data.Source} (the verified
 * cache and where files come from; {@link org.dlkit.data.Programs} runs npm and apt-get there, and
 * every other program the kit starts) → {@link org.dlkit.data.Augmentation} (a new version of the
 * training images each epoch).
 *
 * <p>Shapes: x is (N, D) for vectors, (N, C, H, W) for images; y is (N, M) — one-hot rows for M
 * classes, or one column of 0/1 or real values.
 */
package org.dlkit.data;
