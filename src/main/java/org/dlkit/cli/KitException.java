package org.dlkit.cli;

/** An error the user can act on: its message is printed as it is, without a stack trace. */
public class KitException extends RuntimeException {
    private final int exitCode;

    public KitException(String message) {
        this(message, 1);
    }

    public KitException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
