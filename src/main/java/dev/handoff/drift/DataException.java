package dev.handoff.drift;

/** Bad input data: the message names the file and, where it applies, the column and line. */
public final class DataException extends IllegalArgumentException {
    public DataException(String message) {
        super(message);
    }
}
