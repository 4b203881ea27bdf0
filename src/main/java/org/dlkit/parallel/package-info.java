/**
 * Training on more than one worker, written out so that each idea fits in one screen: the gradient
 * of a mini-batch as the sum of its shards' gradients ({@link org.dlkit.parallel.Gradient}, {@link
 * org.dlkit.parallel.DataParallel}); a network's parameters as one flat vector, the thing workers
 * send ({@link org.dlkit.parallel.Flat}); asynchronous SGD, both as the model with a fixed delay
 * ({@link org.dlkit.parallel.DelayedSgd}) and as real threads around a parameter server ({@link
 * org.dlkit.parallel.ParameterServer}); lock-free updates on a sparse problem ({@link
 * org.dlkit.parallel.SparseProblem}, {@link org.dlkit.parallel.Hogwild}).
 *
 * <p>Nothing here needs a cluster; {@code org.dlkit.spark} runs the synchronous methods on Apache
 * Spark.
 */
package org.dlkit.parallel;
