package dev.handoff.runs;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A dataset a run used ({@code mlflow.log_input}): MLflow's dataset entity plus the input's tags.
 *
 * @param digest     MLflow's content digest of the dataset (e.g. 8 hex characters for a pandas dataset)
 * @param sourceType e.g. {@code local}, {@code http}, {@code delta_table}
 * @param source     the source as MLflow stores it (JSON text, e.g. {@code {"uri": "data/train.csv"}})
 * @param schema     JSON text, null when none was recorded
 * @param profile    JSON text, null when none was recorded
 * @param tags       the input's tags, e.g. {@code mlflow.data.context → training}
 */
public record DatasetInput(String name, String digest, String sourceType, String source, String schema,
                           String profile, Map<String, String> tags) {
    /** The input tag naming the role of the dataset in the run (training, eval, ...). */
    public static final String CONTEXT_TAG = "mlflow.data.context";

    public DatasetInput {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(digest, "digest");
        sourceType = sourceType == null ? "" : sourceType;
        source = source == null ? "" : source;
        tags = Map.copyOf(tags == null ? Map.of() : tags);
    }

    /** The context tag, or null. */
    public String context() {
        return tags.get(CONTEXT_TAG);
    }

    public Map<String, String> sortedTags() {
        return new TreeMap<>(tags);
    }
}
