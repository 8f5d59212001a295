package dev.handoff.ui.models;

import dev.handoff.runs.LoggedModel;
import dev.handoff.runs.LoggedModelMetric;
import dev.handoff.runs.ModelVersion;
import dev.handoff.runs.RegisteredModel;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Text the Models view and run detail show for registry entities (plain Java, no controls). */
final class Registry {
    private Registry() {
    }

    /** {@code credit-risk  @champion→3 @challenger→2}. */
    static String modelLine(RegisteredModel m) {
        String aliases = m.sortedAliases().entrySet().stream().map(e -> "@" + e.getKey() + "→" + e.getValue())
                .collect(Collectors.joining(" "));
        return aliases.isEmpty() ? m.name() : m.name() + "   " + aliases;
    }

    static String aliases(ModelVersion v) {
        return v.aliases().stream().map(a -> "@" + a).collect(Collectors.joining(" "));
    }

    static String tags(Map<String, String> sorted) {
        return sorted.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }

    static String time(long millis) {
        return millis <= 0 ? "" : Instant.ofEpochMilli(millis).toString().replace("T", " ").replaceAll("\\.\\d+Z$|Z$", "");
    }

    static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    /** Key / value rows describing a version and its logged model ({@code null} when it has none or none was read). */
    static List<String[]> versionRows(ModelVersion v, LoggedModel logged, String loggedProblem) {
        List<String[]> rows = new ArrayList<>();
        rows.add(row("version", v.name() + " / " + v.version() + (v.aliases().isEmpty() ? "" : "  " + aliases(v))));
        rows.add(row("status", v.status() + (v.currentStage() == null || v.currentStage().equals("None") ? ""
                : " (stage " + v.currentStage() + ")")));
        rows.add(row("source", v.source()));
        rows.add(row("run", nullToEmpty(v.runId())));
        rows.add(row("description", nullToEmpty(v.description())));
        rows.add(row("created", time(v.creationTime())));
        v.sortedTags().forEach((k, val) -> rows.add(row("tag " + k, val)));
        if (logged != null) {
            rows.add(row("logged model", logged.modelId() + (logged.name().isEmpty() ? "" : " (" + logged.name() + ")")));
            rows.add(row("logged model status", nullToEmpty(logged.status())
                    + (logged.modelType() == null ? "" : ", type " + logged.modelType())));
            logged.sortedParams().forEach((k, val) -> rows.add(row("param " + k, val)));
            for (LoggedModelMetric m : logged.metrics()) {
                rows.add(row("metric " + m.key() + (m.datasetName() == null ? "" : " on " + m.datasetName()),
                        Double.toString(m.value())));
            }
        } else if (loggedProblem != null) {
            rows.add(row("logged model", loggedProblem));
        } else {
            rows.add(row("logged model", v.loggedModelId() == null ? "none (registered from the run's artifacts)" : v.loggedModelId()));
        }
        return rows;
    }

    private static String[] row(String key, String value) {
        return new String[]{key, value == null ? "" : value};
    }
}
