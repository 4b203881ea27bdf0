/**
 * Small helpers over ND4J's {@code INDArray}. Reading order: {@link org.dlkit.tensor.Backend} (the
 * report every lesson prints at its start: which native build runs, SIMD level, threads, memory),
 * {@link org.dlkit.tensor.Shapes} (every shape error of the kit, in one form), {@link
 * org.dlkit.tensor.Nested} (tensors as the nested arrays the loop references take), {@link
 * org.dlkit.tensor.Rng} (a seeded random stream of one's own), {@link org.dlkit.tensor.StepMemory}
 * (the memory a training step lends to the next), {@link org.dlkit.tensor.Blas} (the dense layers'
 * matrix products, straight to OpenBLAS on the CPU), {@link org.dlkit.tensor.Cells} (a tensor's
 * elements read and written from Java loops, on the CPU).
 *
 * <p>Shape legend used across the kit: N batch, D features in, M features out, C/H/W
 * channels/height/width, F filters, KH/KW kernel height/width.
 */
package org.dlkit.tensor;
