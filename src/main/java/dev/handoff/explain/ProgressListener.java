package dev.handoff.explain;

/** Receives progress of a long computation; may be called from worker threads. */
@FunctionalInterface
public interface ProgressListener {
    /** A listener that ignores progress. */
    ProgressListener NONE = (done, total, message) -> { };

    /**
     * @param done    work units finished so far
     * @param total   total work units
     * @param message short description of the current step
     */
    void progress(long done, long total, String message);
}
