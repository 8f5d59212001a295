package dev.handoff.ui.explain;

import java.util.function.Consumer;

/**
 * How the explain view runs work off the FX thread and reports in the status bar (the workbench adapts its task
 * runner, with progress and Cancel, to this). Callbacks run on the FX thread; a cancelled job calls neither
 * {@code onSuccess} nor {@code onFailure}, only {@code onCancelled}.
 */
public interface BackgroundWork {

    /** A background job; reports progress and should stop when its thread is interrupted. */
    @FunctionalInterface
    interface Job<T> {
        T run(Progress progress) throws Exception;
    }

    /** Progress of a job. */
    @FunctionalInterface
    interface Progress {
        void update(long done, long total, String message);
    }

    /** Runs {@code job}; a cancelled job calls no callback (use the overload to hear about cancellation). */
    default <T> void submit(String title, Job<T> job, Consumer<T> onSuccess, Consumer<Throwable> onFailure) {
        submit(title, job, onSuccess, onFailure, () -> { });
    }

    /** Runs {@code job}; exactly one callback runs: success, failure, or {@code onCancelled} if it was cancelled. */
    <T> void submit(String title, Job<T> job, Consumer<T> onSuccess, Consumer<Throwable> onFailure,
                    Runnable onCancelled);

    /** Shows a message in the status bar. */
    void status(String message);
}
