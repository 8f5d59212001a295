package dev.handoff.report;

/** The report cannot be made as asked: an unknown experiment, run id or metric, or a filter that does not parse. */
public final class ReportException extends Exception {
    public ReportException(String message) {
        super(message);
    }

    public ReportException(String message, Throwable cause) {
        super(message, cause);
    }
}
