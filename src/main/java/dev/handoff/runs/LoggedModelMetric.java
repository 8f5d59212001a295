package dev.handoff.runs;

import java.util.Objects;

/**
 * A metric of a logged model, possibly computed on a dataset.
 *
 * @param runId         the run that logged it; null when none
 * @param datasetName   null when the metric names no dataset
 * @param datasetDigest null when the metric names no dataset
 */
public record LoggedModelMetric(String key, double value, long timestamp, long step, String runId,
                                String datasetName, String datasetDigest) {
    public LoggedModelMetric {
        Objects.requireNonNull(key, "key");
    }
}
