/**
 * Layers and networks, each doing its own backward pass by hand.
 *
 * <p>Reading order: {@link org.dlkit.nn.Layer} → {@link org.dlkit.nn.Parameter} → {@link
 * org.dlkit.nn.Dense} → activations ({@link org.dlkit.nn.Activation}, {@link org.dlkit.nn.Sigmoid},
 * {@link org.dlkit.nn.Relu}, …, {@link org.dlkit.nn.Softmax}, {@link org.dlkit.nn.Maxout}) → losses
 * ({@link org.dlkit.nn.Loss}, {@link org.dlkit.nn.SoftmaxCrossEntropy}) → {@link
 * org.dlkit.nn.Dropout} → {@link org.dlkit.nn.Network} → {@link org.dlkit.nn.Conv2D} → {@link
 * org.dlkit.nn.Pooling} → {@link org.dlkit.nn.Flatten} → {@link org.dlkit.nn.BatchNorm} → the parts
 * autoencoders add: {@link org.dlkit.nn.TiedDense} (a decoder with the encoder's Wᵀ), {@link
 * org.dlkit.nn.SparsityPenalty} (a layer that adds a term to the objective: {@link
 * org.dlkit.nn.Layer#penalty}) and {@link org.dlkit.nn.Upsample} (pooling's opposite, for
 * convolutional decoders); the autoencoders themselves are in {@code org.dlkit.autoencoder}.
 *
 * <p>Shapes: N batch, D features in, M features out, C/H/W channels/height/width, F filters, KH/KW
 * kernel height/width, S stride, P padding. Float32 for training, float64 in gradient checks.
 */
package org.dlkit.nn;
