package dev.handoff.metrics;

import dev.handoff.runs.MetricSeries;
import dev.handoff.runs.query.MetricStat;

/** A {@link MetricStat} of a full history, {@code best} and {@code step_of_best} by the metric's {@link Goal}. */
public final class SummaryValue {
    private SummaryValue() {
    }

    /** NaN when undefined (no finite value, step not logged, unknown goal for best). */
    public static double of(MetricSeries series, MetricStat stat) {
        Boolean higher = switch (Goal.forKey(series.key())) {
            case MAXIMIZE -> Boolean.TRUE;
            case MINIMIZE -> Boolean.FALSE;
            case UNKNOWN -> null;
        };
        return stat.of(series, higher);
    }
}
