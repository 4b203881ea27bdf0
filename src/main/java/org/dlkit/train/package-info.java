/**
 * Training: optimisers that see only parameters, a training loop that only batches and calls, the
 * guards that watch it as listeners, and the history of a run as data.
 *
 * <p>Reading order: {@link org.dlkit.train.Optimizer} → {@link org.dlkit.train.Sgd} → {@link
 * org.dlkit.train.Momentum}, {@link org.dlkit.train.Nesterov} → {@link org.dlkit.train.AdaGrad},
 * {@link org.dlkit.train.RmsProp}, {@link org.dlkit.train.Adam} → {@link
 * org.dlkit.train.WeightDecay} → {@link org.dlkit.train.Trainer} (whose {@code step} is the whole
 * idea, and whose {@code fit} is a plain loop) → {@link org.dlkit.train.TrainingListener} and the
 * guards every fit has: {@link org.dlkit.train.Rollback} (NaN), {@link
 * org.dlkit.train.HealthChecks} with {@link org.dlkit.train.Health}'s words, {@link
 * org.dlkit.train.EarlyStopping}, sharing a {@link org.dlkit.train.Run} and {@link
 * org.dlkit.train.Snapshot}s → {@link org.dlkit.train.History} and its {@link
 * org.dlkit.train.Provenance} → {@link org.dlkit.train.Checkpoint} → {@link
 * org.dlkit.train.Metrics}, {@link org.dlkit.train.ProgressBarListener}.
 */
package org.dlkit.train;
