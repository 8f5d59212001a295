package dev.handoff.runs.source.file;

import java.nio.file.Path;

/** A file of the store that cannot be read; carries the file and 1-based line (0 = whole file). */
final class StoreReadException extends Exception {
    private final Path file;
    private final int line;

    StoreReadException(Path file, int line, String message) {
        super(message);
        this.file = file;
        this.line = line;
    }

    StoreReadException(Path file, int line, String message, Throwable cause) {
        super(message, cause);
        this.file = file;
        this.line = line;
    }

    Path file() {
        return file;
    }

    int line() {
        return line;
    }

    /** {@code /x/mlruns/1/ab/metrics/loss line 3: truncated metric line} */
    String describe() {
        return file + (line > 0 ? " line " + line : "") + ": " + getMessage();
    }
}
