package dev.handoff.explain;

import java.util.concurrent.CancellationException;

/** Cooperative cancellation for long computations; polled between units of work. */
@FunctionalInterface
public interface Cancellation {
    /** Never cancelled (thread interruption is still honoured by {@link #check()}). */
    Cancellation NONE = () -> false;

    /** Whether the caller asked to stop. */
    boolean isCancelled();

    /**
     * Throws {@link CancellationException} if cancelled or if the current thread was interrupted (the interrupt flag
     * is kept so callers up the stack still see it).
     */
    default void check() {
        if (isCancelled()) {
            throw new CancellationException("Computation cancelled");
        }
        if (Thread.currentThread().isInterrupted()) {
            throw new CancellationException("Computation interrupted");
        }
    }
}
