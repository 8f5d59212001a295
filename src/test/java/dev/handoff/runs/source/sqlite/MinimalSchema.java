package dev.handoff.runs.source.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** A minimal database with MLflow's SQLite table and column names, for tests that need no Python. */
final class MinimalSchema {
    private MinimalSchema() {
    }

    /** Creates {@code db} with MLflow's run tables and experiment 1 ("e", artifacts under /data). */
    static Path create(Path db) throws SQLException {
        exec(db,
                "CREATE TABLE experiments (experiment_id INTEGER PRIMARY KEY, name TEXT, artifact_location TEXT, "
                        + "lifecycle_stage TEXT, creation_time BIGINT, last_update_time BIGINT)",
                "CREATE TABLE experiment_tags (key TEXT, value TEXT, experiment_id INTEGER)",
                "CREATE TABLE runs (run_uuid TEXT, name TEXT, user_id TEXT, status TEXT, start_time BIGINT, "
                        + "end_time BIGINT, artifact_uri TEXT, lifecycle_stage TEXT, experiment_id INTEGER)",
                "CREATE TABLE params (key TEXT, value TEXT, run_uuid TEXT)",
                "CREATE TABLE tags (key TEXT, value TEXT, run_uuid TEXT)",
                "CREATE TABLE metrics (key TEXT, value REAL, timestamp BIGINT, run_uuid TEXT, step BIGINT, "
                        + "is_nan BOOLEAN)",
                "CREATE TABLE latest_metrics (key TEXT, value REAL, timestamp BIGINT, step BIGINT, is_nan BOOLEAN, "
                        + "run_uuid TEXT)",
                "INSERT INTO experiments VALUES (1, 'e', '/data', 'active', 1, 2)");
        return db;
    }

    static void exec(Path db, String... sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            for (String q : sql) {
                s.execute(q);
            }
            c.commit();
        }
    }
}
