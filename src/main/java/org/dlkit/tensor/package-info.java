/**
 * Small helpers over ND4J's {@code INDArray}. Reading order: {@link org.dlkit.tensor.Backend} (the
 * report every lesson prints at its start: which native build runs, SIMD level, threads, memory),
 * {@link org.dlkit.tensor.Shapes} (the shape checks behind every clear error), {@link
 * org.dlkit.tensor.StepMemory} (the memory a training step lends to the next).
 *
 * <p>Shape legend used across the kit: N batch, D features in, M features out, C/H/W
 * channels/height/width, F filters, KH/KW kernel height/width.
 */
package org.dlkit.tensor;
