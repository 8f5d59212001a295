package dev.handoff.report;

/** What building a report tells its caller: a message and {@code done} of {@code total} steps. */
@FunctionalInterface
public interface ReportProgress {
    ReportProgress NONE = (message, done, total) -> { };

    void update(String message, long done, long total);
}
