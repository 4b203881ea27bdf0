package org.dlkit.nn;

/**
 * Whether a forward pass is for training (dropout drops, batch norm uses batch statistics) or
 * evaluation.
 */
public enum Mode {
    TRAIN,
    EVAL
}
