package org.dlkit.cli;

import picocli.CommandLine.Option;

/**
 * The options of every command that runs lessons ({@code kit run}, {@code kit grade}): quick mode
 * and the time a cell may take. Shared as a picocli mixin, so they read and fail the same way.
 */
final class RunOptions {
    @Option(
            names = "--quick",
            description =
                    "quick mode: small data, few epochs and the quick-mode bars (sets DLKIT_QUICK=1)")
    boolean quick;

    @Option(
            names = "--timeout",
            paramLabel = "SECONDS",
            description =
                    "seconds one cell may run before it is stopped (default: 3600 for kit run --quick, 21600 for kit run in full mode, where one cell may train for hours; 300 for an answer or check kit grade runs, which then scores 0)")
    Integer timeout;

    /** The --timeout given, or the command's default; a timeout that is not positive is refused. */
    int timeout(int byDefault) {
        int t = timeout == null ? byDefault : timeout;
        if (t <= 0)
            throw new KitException(
                    "--timeout must be a positive number of seconds (got "
                            + t
                            + "): every cell has a time limit, so that a cell that loops cannot stop the run",
                    2);
        return t;
    }
}
