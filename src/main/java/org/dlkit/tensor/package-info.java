/**
 * Small helpers over ND4J's {@code INDArray}: the backend report (which native build runs, SIMD
 * level, threads, memory) that every lesson prints at its start.
 *
 * <p>Shape legend used across the kit: N batch, D features in, M features out, C/H/W
 * channels/height/width, F filters, KH/KW kernel height/width.
 */
package org.dlkit.tensor;
