package dev.handoff.metrics;

/** The line a group of runs is drawn as, step by step. */
public enum Aggregate {
    /** Arithmetic mean of the runs' values at the step. */
    MEAN("mean"),
    /** Median; for an even count the mean of the two middle values (numpy's {@code median}). */
    MEDIAN("median");

    private final String label;

    Aggregate(String label) {
        this.label = label;
    }

    @Override
    public String toString() {
        return label;
    }
}
