/**
 * Checking answers: {@link org.dlkit.check.Check} for the check cells that close each lesson and
 * each exercise (expected vs got, with a tolerance and a hint). Numerical gradient checking of
 * layers and networks joins it with the library core.
 */
package org.dlkit.check;
