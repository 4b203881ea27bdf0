/**
 * Autoencoders: networks trained to reproduce their input through a narrow or constrained code,
 * which makes the code a set of features learned without labels.
 *
 * <p>{@link org.dlkit.autoencoder.Autoencoder} pairs an encoder and a decoder (each a {@link
 * org.dlkit.nn.Network}) and is trained by the ordinary {@link org.dlkit.train.Trainer} on a set
 * whose targets are its inputs ({@link org.dlkit.data.DataSet#inputsAsTargets}). {@link
 * org.dlkit.autoencoder.Corruption} makes it a denoising autoencoder: the inputs are corrupted
 * afresh each epoch of training, the targets stay clean, and nothing is corrupted when the
 * autoencoder is evaluated or used. {@link org.dlkit.autoencoder.StackedAutoencoder} trains a stack
 * of them by handout 002's greedy layer-wise algorithm and turns it into a classifier to fine-tune;
 * {@link org.dlkit.autoencoder.Pca} is the linear yardstick every autoencoder is measured against.
 *
 * <p>Lessons 09 (autoencoders, denoising), 10 (stacked, greedy pretraining) and 11 (sparse,
 * convolutional) teach with them.
 */
package org.dlkit.autoencoder;
