/**
 * Data-parallel training on Apache Spark: the training set cut into shards, one per Spark partition
 * ({@link org.dlkit.spark.Shard}); each worker builds its own copy of the network from a {@link
 * org.dlkit.spark.Recipe}; the parameters go out as a broadcast, the gradients (synchronous SGD) or
 * the workers' trained weights (parameter averaging) come back summed by {@code treeAggregate}
 * ({@link org.dlkit.spark.SparkTrainer}). {@link org.dlkit.spark.LocalSpark} starts Spark inside
 * this JVM ({@code local[k]}), as the lessons do; the same trainer runs on a cluster given its
 * master URL.
 */
package org.dlkit.spark;
