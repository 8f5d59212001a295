package dev.handoff.runs;

import java.util.Objects;

/**
 * The full history of one metric of one run, in the order the store returns it (sorted by step, then timestamp,
 * by the sources). Primitive arrays: a run can have millions of points. Callers must not mutate the arrays.
 */
public record MetricSeries(String runId, String key, long[] steps, double[] values, long[] timestamps) {
    public MetricSeries {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(steps, "steps");
        Objects.requireNonNull(values, "values");
        Objects.requireNonNull(timestamps, "timestamps");
        if (steps.length != values.length || steps.length != timestamps.length) {
            throw new IllegalArgumentException("metric " + key + " of run " + runId + ": array lengths differ ("
                    + steps.length + ", " + values.length + ", " + timestamps.length + ")");
        }
    }

    public int size() {
        return steps.length;
    }

    /** The latest point by MLflow's (step, timestamp, value) order, or null when empty. */
    public Metric latest() {
        Metric best = null;
        for (int i = 0; i < steps.length; i++) {
            Metric m = new Metric(key, values[i], timestamps[i], steps[i]);
            if (m.isLaterThan(best)) {
                best = m;
            }
        }
        return best;
    }
}
