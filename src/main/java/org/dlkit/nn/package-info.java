/**
 * Layers and networks, each doing its own backward pass by hand.
 *
 * <p>Reading order: {@link org.dlkit.nn.Layer} → {@link org.dlkit.nn.Parameter} → Dense →
 * activations → losses → Network → Conv2d → pooling → autoencoders.
 *
 * <p>Shapes: N batch, D features in, M features out, C/H/W channels/height/width, F filters,
 * KH/KW kernel height/width. Float32 for training, float64 in gradient checks.
 */
package org.dlkit.nn;
