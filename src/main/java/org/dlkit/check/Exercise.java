package org.dlkit.check;

/**
 * What stands in a student's copy of a lesson where the teacher's solution was: {@code
 * Exercise.todo("ex9-1");} stops the cell with a message that says which exercise is still open.
 * The student replaces the line with an answer; the exercise's check cell then grades it.
 */
public final class Exercise {
    private Exercise() {}

    /** Thrown by {@link #todo}: an exercise without an answer yet. */
    public static final class NotDoneYet extends RuntimeException {
        public NotDoneYet(String message) {
            super(message);
        }
    }

    /**
     * Always throws {@link NotDoneYet} naming the exercise. Declared to return it so that inside a
     * method that must return a value the stub reads {@code throw Exercise.todo("ex2-5");} and
     * compiles.
     */
    public static NotDoneYet todo(String exercise) {
        throw new NotDoneYet(
                "exercise "
                        + exercise
                        + " is not done yet: replace the line Exercise.todo(\""
                        + exercise
                        + "\") with your answer, then run this cell and its check cell");
    }
}
