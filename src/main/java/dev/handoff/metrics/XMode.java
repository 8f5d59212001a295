package dev.handoff.metrics;

/** What a metric chart puts on its x-axis. */
public enum XMode {
    /** The logged step. */
    STEP("Step"),
    /** Wall-clock time, epoch milliseconds. */
    WALL_TIME("Wall time"),
    /** Seconds since the run's first logged point. */
    RELATIVE_TIME("Relative time (s)"),
    /**
     * Another metric of the same run, paired with the charted one by step ({@link SeriesAlignment#pairByStep}); which
     * metric is the chart options' {@code xMetric}.
     */
    METRIC("Metric…");

    private final String label;

    XMode(String label) {
        this.label = label;
    }

    /** Axis label for humans. */
    public String label() {
        return label;
    }
}
