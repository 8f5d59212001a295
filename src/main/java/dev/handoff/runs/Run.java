package dev.handoff.runs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A run with its params, tags and the latest value of each metric (full histories are read separately).
 * Maps are immutable and sorted by key.
 */
public record Run(RunInfo info, Map<String, String> params, Map<String, String> tags, Map<String, Metric> latestMetrics) {
    public Run {
        Objects.requireNonNull(info, "info");
        params = Collections.unmodifiableMap(new TreeMap<>(params == null ? Map.of() : params));
        tags = Collections.unmodifiableMap(new TreeMap<>(tags == null ? Map.of() : tags));
        latestMetrics = Collections.unmodifiableMap(new TreeMap<>(latestMetrics == null ? Map.of() : latestMetrics));
    }

    public String id() {
        return info.runId();
    }

    /** The run name: {@link RunInfo#runName()}, else the {@code mlflow.runName} tag, else the id. */
    public String displayName() {
        if (!info.runName().isEmpty()) {
            return info.runName();
        }
        String tagName = tags.get(Tag.RUN_NAME);
        return tagName != null && !tagName.isEmpty() ? tagName : info.runId();
    }

    /** The parent run id of a nested run ({@code mlflow.parentRunId}), or null. */
    public String parentRunId() {
        return tags.get(Tag.PARENT_RUN_ID);
    }

    public List<Param> paramList() {
        List<Param> out = new ArrayList<>(params.size());
        params.forEach((k, v) -> out.add(new Param(k, v)));
        return out;
    }

    public List<Tag> tagList() {
        List<Tag> out = new ArrayList<>(tags.size());
        tags.forEach((k, v) -> out.add(new Tag(k, v)));
        return out;
    }
}
