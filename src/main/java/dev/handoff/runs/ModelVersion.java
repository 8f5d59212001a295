package dev.handoff.runs;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One version of a registered model.
 *
 * @param version      the version number as text ({@code "1"}, {@code "2"}, ...)
 * @param source       where the model came from: {@code runs:/<run_id>/<path>}, {@code models:/<model_id>} (MLflow 3)
 *                     or an artifact URI
 * @param runId        the run that produced it; null when MLflow has none
 * @param status       {@code READY}, {@code PENDING_REGISTRATION} or {@code FAILED_REGISTRATION}
 * @param currentStage the deprecated stage ({@code None}, {@code Staging}, {@code Production}, {@code Archived})
 * @param description  null when none was set
 * @param aliases      the aliases pointing at this version, sorted
 * @param modelId      the MLflow 3 logged model id as MLflow reports it (null from stores that do not keep it, such
 *                     as the SQL store); {@link #loggedModelId()} also reads it from a {@code models:/m-...} source
 */
public record ModelVersion(String name, String version, String source, String runId, String status,
                           String currentStage, String description, long creationTime, long lastUpdatedTime,
                           Map<String, String> tags, List<String> aliases, String modelId) {
    public ModelVersion {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        source = source == null ? "" : source;
        tags = Map.copyOf(tags == null ? Map.of() : tags);
        aliases = aliases == null ? List.of() : aliases.stream().sorted().toList();
    }

    /** The version as a number for sorting (0 when not numeric). */
    public long number() {
        try {
            return Long.parseLong(version);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    public Map<String, String> sortedTags() {
        return new TreeMap<>(tags);
    }

    /** The logged model behind this version: {@link #modelId()}, else the id in a {@code models:/m-...} source. */
    public String loggedModelId() {
        if (modelId != null && !modelId.isEmpty()) {
            return modelId;
        }
        if (source.startsWith("models:/m-")) {
            String rest = source.substring("models:/".length());
            int slash = rest.indexOf('/');
            return slash < 0 ? rest : rest.substring(0, slash);
        }
        return null;
    }

    /**
     * The artifact path inside {@link #runId()} for a {@code runs:/<run_id>/<path>} source of the same run, else null
     * (the model then lives in a logged model's own artifacts, see {@link #loggedModelId()}).
     */
    public String runArtifactPath() {
        if (runId == null || !source.startsWith("runs:/")) {
            return null;
        }
        String rest = source.substring("runs:/".length());
        int slash = rest.indexOf('/');
        if (slash < 0 || !rest.substring(0, slash).equals(runId)) {
            return null;
        }
        String path = rest.substring(slash + 1);
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return path.isEmpty() ? null : path;
    }
}
