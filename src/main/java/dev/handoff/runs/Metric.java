package dev.handoff.runs;

import java.util.Objects;

/** One metric point; a run's "latest" metric is the max by (step, timestamp, value), as MLflow defines it. */
public record Metric(String key, double value, long timestamp, long step) {
    public Metric {
        Objects.requireNonNull(key, "key");
    }

    /** True when this point is "later" than {@code other} by MLflow's (step, timestamp, value) order. */
    public boolean isLaterThan(Metric other) {
        if (other == null) {
            return true;
        }
        if (step != other.step) {
            return step > other.step;
        }
        if (timestamp != other.timestamp) {
            return timestamp > other.timestamp;
        }
        return Double.compare(value, other.value) > 0;
    }
}
