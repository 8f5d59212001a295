package dev.handoff.cli;

/** An expected failure: printed as one line on stderr, no stack trace. */
public final class CliFailure extends RuntimeException {
    private final int exitCode;

    public CliFailure(String message) {
        this(message, HandoffCli.EXIT_FAILURE);
    }

    public CliFailure(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public CliFailure(String message, Throwable cause) {
        super(message, cause);
        this.exitCode = HandoffCli.EXIT_FAILURE;
    }

    public int exitCode() {
        return exitCode;
    }
}
