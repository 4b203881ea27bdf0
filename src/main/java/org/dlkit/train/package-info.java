/**
 * Training: optimisers that see only parameters, a training loop that only batches and calls, and
 * the history of a run as data.
 *
 * <p>Reading order: {@link org.dlkit.train.Optimizer} → {@link org.dlkit.train.Sgd} → {@link
 * org.dlkit.train.Momentum}, {@link org.dlkit.train.Nesterov} → {@link org.dlkit.train.AdaGrad},
 * {@link org.dlkit.train.RmsProp}, {@link org.dlkit.train.Adam} → {@link
 * org.dlkit.train.WeightDecay} → {@link org.dlkit.train.Trainer} (whose {@code step} is the whole
 * idea) → {@link org.dlkit.train.History} → {@link org.dlkit.train.Health} → {@link
 * org.dlkit.train.Checkpoint} → {@link org.dlkit.train.Metrics}, {@link
 * org.dlkit.train.TrainingListener} and {@link org.dlkit.train.ProgressBarListener}.
 */
package org.dlkit.train;
