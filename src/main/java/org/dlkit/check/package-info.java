/**
 * Checking answers: {@link org.dlkit.check.Check} for the check cells that close each lesson and
 * each exercise (expected vs got, with a tolerance and a hint); {@link org.dlkit.check.Compare} for
 * implement-it exercises (a student's layer, loss or optimiser against the kit's on the same
 * weights); {@link org.dlkit.check.GradientCheck} (numerical derivatives of layers, losses and
 * networks); {@link org.dlkit.check.Exercise} (the stub in a student's copy).
 */
package org.dlkit.check;
