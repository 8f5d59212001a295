package dev.handoff.runs.query;

import dev.handoff.runs.Metric;
import dev.handoff.runs.Run;
import dev.handoff.runs.RunInfo;

import java.util.Locale;

/**
 * A field of a run that MLflow's search syntax can name: {@code metrics.<key>}, {@code params.<key>},
 * {@code tags.<key>} or an attribute ({@code attributes.start_time}, {@code run_name}, ...).
 */
public record RunField(Entity entity, String key) {

    /** What part of a run the field reads. */
    public enum Entity { METRIC, PARAM, TAG, ATTRIBUTE }

    /** Attributes MLflow lets runs be searched and ordered by. */
    static final java.util.Set<String> ATTRIBUTES = java.util.Set.of(
            "run_id", "run_name", "status", "start_time", "end_time", "user_id", "artifact_uri", "lifecycle_stage",
            "experiment_id", "created", "duration");

    public RunField {
        if (entity == Entity.ATTRIBUTE) {
            key = canonicalAttribute(key);
        }
    }

    /** Maps MLflow's aliases ({@code created} = start_time, {@code run_uuid} = run_id, {@code Created}) to one name. */
    static String canonicalAttribute(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        switch (k) {
            case "created": return "start_time";
            case "run_uuid": return "run_id";
            default:
                if (!ATTRIBUTES.contains(k)) {
                    throw new IllegalArgumentException("unknown attribute '" + key + "' (known: run_id, run_name, status, "
                            + "start_time, end_time, user_id, artifact_uri, lifecycle_stage, experiment_id, duration)");
                }
                return k;
        }
    }

    /** True for attributes compared as numbers. */
    public boolean numeric() {
        return entity == Entity.METRIC
                || (entity == Entity.ATTRIBUTE && (key.equals("start_time") || key.equals("end_time") || key.equals("duration")));
    }

    /** The number this field has in {@code run}, or null when the run lacks it. */
    public Double number(Run run) {
        switch (entity) {
            case METRIC: {
                Metric m = run.latestMetrics().get(key);
                return m == null ? null : m.value();
            }
            case ATTRIBUTE: {
                RunInfo i = run.info();
                long v = key.equals("start_time") ? i.startTime() : key.equals("end_time") ? i.endTime() : i.durationMillis();
                return v < 0 ? null : (double) v;
            }
            default: {
                String s = text(run);
                if (s == null) {
                    return null;
                }
                try {
                    return Double.parseDouble(s);
                } catch (NumberFormatException e) {
                    return null;
                }
            }
        }
    }

    /** The text this field has in {@code run}, or null when the run lacks it. */
    public String text(Run run) {
        switch (entity) {
            case PARAM: return run.params().get(key);
            case TAG: return run.tags().get(key);
            case METRIC: {
                Metric m = run.latestMetrics().get(key);
                return m == null ? null : Double.toString(m.value());
            }
            default: {
                RunInfo i = run.info();
                switch (key) {
                    case "run_id": return i.runId();
                    case "run_name": return run.displayName();
                    case "status": return i.status().name();
                    case "user_id": return i.userId();
                    case "artifact_uri": return i.artifactUri();
                    case "lifecycle_stage": return i.lifecycleStage().mlflowName();
                    case "experiment_id": return i.experimentId();
                    default: {
                        Double d = number(run);
                        return d == null ? null : Long.toString(d.longValue());
                    }
                }
            }
        }
    }

    /** Parses {@code metrics.acc}, {@code params.`lr rate`}, {@code tags."a b"}, {@code start_time}. */
    public static RunField parse(String identifier) {
        Lexer lx = new Lexer(identifier);
        RunField f = lx.field();
        if (!lx.atEnd()) {
            throw lx.error("unexpected text after the field name");
        }
        return f;
    }

    static RunField of(String prefix, String key) {
        if (prefix == null) {
            return new RunField(Entity.ATTRIBUTE, key);
        }
        switch (prefix.toLowerCase(Locale.ROOT)) {
            case "metrics": case "metric": return new RunField(Entity.METRIC, key);
            case "params": case "param": case "parameter": case "parameters": return new RunField(Entity.PARAM, key);
            case "tags": case "tag": return new RunField(Entity.TAG, key);
            case "attributes": case "attribute": case "attr": case "run": return new RunField(Entity.ATTRIBUTE, key);
            default:
                throw new IllegalArgumentException("unknown entity '" + prefix + "' (expected metrics, params, tags or attributes)");
        }
    }

    @Override
    public String toString() {
        String p = switch (entity) {
            case METRIC -> "metrics.";
            case PARAM -> "params.";
            case TAG -> "tags.";
            case ATTRIBUTE -> "attributes.";
        };
        return p + key;
    }
}
