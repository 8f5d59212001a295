package dev.handoff.runs.source.sqlite;

import dev.handoff.runs.DatasetInput;
import dev.handoff.runs.LoggedModel;
import dev.handoff.runs.LoggedModelMetric;
import dev.handoff.runs.ModelVersion;
import dev.handoff.runs.RegisteredModel;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The Model Registry, logged model and dataset tables of MLflow's SQL schema ({@code mlflow/store/model_registry/
 * dbmodels/models.py}, {@code mlflow/store/tracking/dbmodels/models.py}): {@code registered_models},
 * {@code registered_model_tags}, {@code registered_model_aliases}, {@code model_versions} (deleted versions keep a row
 * with {@code current_stage = 'Deleted_Internal'}), {@code model_version_tags}; {@code logged_models} (status 0-3,
 * lifecycle_stage) with {@code logged_model_params}, {@code logged_model_metrics}, {@code logged_model_tags};
 * {@code datasets}, {@code inputs} (DATASET → RUN edges), {@code input_tags}. A database written before these tables
 * existed (old MLflow) reads as empty.
 */
final class SqliteRegistry {
    private final Connection c;
    private final Set<String> tables = new TreeSet<>();

    SqliteRegistry(Connection c) throws SQLException {
        this.c = c;
        try (PreparedStatement ps = c.prepareStatement("SELECT name FROM sqlite_master WHERE type = 'table'");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
    }

    Connection connection() {
        return c;
    }

    boolean has(String... names) {
        for (String n : names) {
            if (!tables.contains(n)) {
                return false;
            }
        }
        return true;
    }

    /** Registered models sorted by name; {@code name} null = all. */
    List<RegisteredModel> registeredModels(String name) throws SQLException {
        if (!has("registered_models")) {
            return List.of();
        }
        Map<String, Map<String, String>> tags = grouped("registered_model_tags", "name", "key", "value", name);
        Map<String, Map<String, String>> aliases = grouped("registered_model_aliases", "name", "alias", "version", name);
        List<RegisteredModel> out = new ArrayList<>();
        String sql = "SELECT name, description, creation_time, last_updated_time FROM registered_models"
                + (name == null ? "" : " WHERE name = ?") + " ORDER BY name";
        try (PreparedStatement ps = prepare(sql, name == null ? List.of() : List.of(name));
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String n = rs.getString(1);
                out.add(new RegisteredModel(n, rs.getString(2), longOr(rs, 3), longOr(rs, 4),
                        tags.getOrDefault(n, Map.of()), aliases.getOrDefault(n, Map.of())));
            }
        }
        return out;
    }

    /** The versions of a model sorted by number, deleted ones left out. */
    List<ModelVersion> versions(String name) throws SQLException {
        if (!has("model_versions")) {
            return List.of();
        }
        Map<String, Map<String, String>> tags = new HashMap<>();
        if (has("model_version_tags")) {
            try (PreparedStatement ps = prepare("SELECT version, key, value FROM model_version_tags WHERE name = ?", List.of(name));
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tags.computeIfAbsent(rs.getString(1), k -> new TreeMap<>()).put(rs.getString(2), rs.getString(3));
                }
            }
        }
        Map<String, List<String>> aliases = new HashMap<>();
        grouped("registered_model_aliases", "name", "alias", "version", name).getOrDefault(name, Map.of())
                .forEach((alias, version) -> aliases.computeIfAbsent(version, k -> new ArrayList<>()).add(alias));
        List<ModelVersion> out = new ArrayList<>();
        try (PreparedStatement ps = prepare("SELECT version, source, run_id, status, current_stage, description, "
                + "creation_time, last_updated_time FROM model_versions WHERE name = ? "
                + "AND (current_stage IS NULL OR current_stage <> 'Deleted_Internal') ORDER BY version", List.of(name));
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String v = Long.toString(rs.getLong(1));
                // MLflow's SQL store keeps no model_id column: its client reports None, and so do we.
                out.add(new ModelVersion(name, v, rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), longOr(rs, 7), longOr(rs, 8), tags.getOrDefault(v, Map.of()),
                        aliases.getOrDefault(v, List.of()), null));
            }
        }
        return out;
    }

    /** Logged models of the experiments (null = all), deleted ones left out. */
    List<LoggedModel> loggedModels(List<String> experimentIds, String modelId) throws SQLException {
        if (!has("logged_models")) {
            return List.of();
        }
        StringBuilder where = new StringBuilder(" WHERE (lifecycle_stage IS NULL OR lifecycle_stage <> 'deleted')");
        List<Object> args = new ArrayList<>();
        if (experimentIds != null) {
            if (experimentIds.isEmpty()) {
                return List.of();
            }
            where.append(" AND experiment_id IN (").append("?,".repeat(experimentIds.size() - 1)).append("?)");
            for (String id : experimentIds) {
                args.add(parseId(id));
            }
        }
        if (modelId != null) {
            where.append(" AND model_id = ?");
            args.add(modelId);
        }
        Map<String, Map<String, String>> params = modelKeyValues("logged_model_params", "param_key", "param_value");
        Map<String, Map<String, String>> tags = modelKeyValues("logged_model_tags", "tag_key", "tag_value");
        Map<String, List<LoggedModelMetric>> metrics = new HashMap<>();
        if (has("logged_model_metrics")) {
            try (PreparedStatement ps = prepare("SELECT model_id, metric_name, metric_value, metric_timestamp_ms, metric_step, "
                    + "run_id, dataset_name, dataset_digest FROM logged_model_metrics "
                    + "ORDER BY model_id, metric_name, metric_step, metric_timestamp_ms", List.of());
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    metrics.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new LoggedModelMetric(
                            rs.getString(2), rs.getDouble(3), rs.getLong(4), rs.getLong(5), rs.getString(6),
                            rs.getString(7), rs.getString(8)));
                }
            }
        }
        List<LoggedModel> out = new ArrayList<>();
        try (PreparedStatement ps = prepare("SELECT model_id, name, experiment_id, source_run_id, status, model_type, "
                + "artifact_location, creation_timestamp_ms, last_updated_timestamp_ms FROM logged_models" + where
                + " ORDER BY creation_timestamp_ms DESC, model_id", args);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String id = rs.getString(1);
                out.add(new LoggedModel(id, rs.getString(2), Long.toString(rs.getLong(3)), rs.getString(4),
                        LoggedModel.statusOf(rs.getInt(5)), rs.getString(6), rs.getString(7), longOr(rs, 8), longOr(rs, 9),
                        params.getOrDefault(id, Map.of()), metrics.getOrDefault(id, List.of()), tags.getOrDefault(id, Map.of())));
            }
        }
        return out;
    }

    /** The dataset inputs of a run sorted by (name, digest). */
    List<DatasetInput> datasetInputs(String runId) throws SQLException {
        if (!has("datasets", "inputs")) {
            return List.of();
        }
        Map<String, Map<String, String>> tags = new HashMap<>();
        if (has("input_tags")) {
            try (PreparedStatement ps = prepare("SELECT t.input_uuid, t.name, t.value FROM input_tags t JOIN inputs i "
                    + "ON i.input_uuid = t.input_uuid WHERE i.destination_type = 'RUN' AND i.destination_id = ?", List.of(runId));
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tags.computeIfAbsent(rs.getString(1), k -> new TreeMap<>()).put(rs.getString(2), rs.getString(3));
                }
            }
        }
        List<DatasetInput> out = new ArrayList<>();
        try (PreparedStatement ps = prepare("SELECT i.input_uuid, d.name, d.digest, d.dataset_source_type, d.dataset_source, "
                + "d.dataset_schema, d.dataset_profile FROM inputs i JOIN datasets d ON d.dataset_uuid = i.source_id "
                + "WHERE i.source_type = 'DATASET' AND i.destination_type = 'RUN' AND i.destination_id = ? "
                + "ORDER BY d.name, d.digest", List.of(runId));
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new DatasetInput(rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getString(7), tags.getOrDefault(rs.getString(1), Map.of())));
            }
        }
        return out;
    }

    private Map<String, Map<String, String>> grouped(String table, String groupColumn, String keyColumn,
                                                     String valueColumn, String group) throws SQLException {
        Map<String, Map<String, String>> out = new HashMap<>();
        if (!has(table)) {
            return out;
        }
        String sql = "SELECT " + groupColumn + ", " + keyColumn + ", " + valueColumn + " FROM " + table
                + (group == null ? "" : " WHERE " + groupColumn + " = ?");
        try (PreparedStatement ps = prepare(sql, group == null ? List.of() : List.of(group));
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.computeIfAbsent(rs.getString(1), k -> new TreeMap<>()).put(rs.getString(2), rs.getString(3));
            }
        }
        return out;
    }

    private Map<String, Map<String, String>> modelKeyValues(String table, String key, String value) throws SQLException {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        if (!has(table)) {
            return out;
        }
        return grouped(table, "model_id", key, value, null);
    }

    private static Object parseId(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            return id;
        }
    }

    private PreparedStatement prepare(String sql, List<?> args) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < args.size(); i++) {
            ps.setObject(i + 1, args.get(i));
        }
        return ps;
    }

    private static long longOr(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? -1 : v;
    }
}
