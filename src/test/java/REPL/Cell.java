package REPL;

/**
 * A stand-in for a cell as JShell compiles it: a class of the package REPL, which the kit's stop
 * button looks for on a thread's stack.
 */
public final class Cell {
    private Cell() {}

    /** Sleeps up to the given seconds, a tenth at a time; returns whether it was interrupted. */
    public static boolean sleep(double seconds) {
        try {
            for (int i = 0; i < seconds * 10; i++) Thread.sleep(100);
            return false;
        } catch (InterruptedException e) {
            return true;
        }
    }
}
