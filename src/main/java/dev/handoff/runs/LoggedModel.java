package dev.handoff.runs;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An MLflow 3 logged model ({@code m-<32 hex>}): a model with its own params, metrics, tags and artifacts, linked to
 * the run that produced it.
 *
 * @param sourceRunId      the producing run; null when none
 * @param status           {@code READY}, {@code PENDING}, {@code FAILED} or {@code UNSPECIFIED}
 * @param modelType        null when none was set
 * @param artifactLocation where its files are, e.g. {@code .../models/<model_id>/artifacts}
 * @param metrics          the latest value per (key, dataset) as MLflow reports them
 */
public record LoggedModel(String modelId, String name, String experimentId, String sourceRunId, String status,
                          String modelType, String artifactLocation, long creationTime, long lastUpdatedTime,
                          Map<String, String> params, List<LoggedModelMetric> metrics, Map<String, String> tags) {
    public LoggedModel {
        Objects.requireNonNull(modelId, "modelId");
        name = name == null ? "" : name;
        artifactLocation = artifactLocation == null ? "" : artifactLocation;
        params = Map.copyOf(params == null ? Map.of() : params);
        metrics = metrics == null ? List.of() : List.copyOf(metrics);
        tags = Map.copyOf(tags == null ? Map.of() : tags);
    }

    public Map<String, String> sortedParams() {
        return new TreeMap<>(params);
    }

    public Map<String, String> sortedTags() {
        return new TreeMap<>(tags);
    }

    /** The status names MLflow's Python entity uses, from its integer code (file and SQL stores). */
    public static String statusOf(int code) {
        return switch (code) {
            case 1 -> "PENDING";
            case 2 -> "READY";
            case 3 -> "FAILED";
            default -> "UNSPECIFIED";
        };
    }

    /** The status name from the REST enum ({@code LOGGED_MODEL_READY}, {@code LOGGED_MODEL_UPLOAD_FAILED}, ...). */
    public static String statusOfRest(String proto) {
        if (proto == null) {
            return "UNSPECIFIED";
        }
        return switch (proto) {
            case "LOGGED_MODEL_PENDING" -> "PENDING";
            case "LOGGED_MODEL_READY" -> "READY";
            case "LOGGED_MODEL_UPLOAD_FAILED" -> "FAILED";
            case "LOGGED_MODEL_STATUS_UNSPECIFIED" -> "UNSPECIFIED";
            default -> proto;
        };
    }
}
