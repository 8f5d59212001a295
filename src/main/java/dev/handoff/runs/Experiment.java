package dev.handoff.runs;

import java.util.Map;
import java.util.Objects;

/**
 * An MLflow experiment.
 *
 * @param creationTime   epoch millis, or -1 when the store does not know it
 * @param lastUpdateTime epoch millis, or -1 when the store does not know it
 */
public record Experiment(String id, String name, String artifactLocation, LifecycleStage lifecycleStage,
                         long creationTime, long lastUpdateTime, Map<String, String> tags) {
    public Experiment {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(lifecycleStage, "lifecycleStage");
        tags = Map.copyOf(tags == null ? Map.of() : tags);
    }
}
