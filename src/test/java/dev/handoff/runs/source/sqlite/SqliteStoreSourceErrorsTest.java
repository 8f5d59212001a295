package dev.handoff.runs.source.sqlite;

import dev.handoff.runs.SourceException;
import dev.handoff.runs.ViewType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad files and artifact locations, without Python. */
class SqliteStoreSourceErrorsTest {
    @TempDir
    Path dir;

    @Test
    void missingFile() {
        Path db = dir.resolve("nope.db");
        assertMessage(db, "no such file", () -> new SqliteStoreSource(db));
    }

    @Test
    void folder() {
        assertMessage(dir, "is a folder", () -> new SqliteStoreSource(dir));
    }

    @Test
    void emptyFile() throws Exception {
        Path db = Files.createFile(dir.resolve("mlflow.db"));
        assertMessage(db, "empty file", () -> new SqliteStoreSource(db));
        assertEquals(0, Files.size(db), "the reader must not initialise an empty file as a database");
    }

    @Test
    void notSqlite() throws Exception {
        Path db = Files.writeString(dir.resolve("mlflow.db"), "experiment_id,name\n1,a\n");
        assertMessage(db, "not an SQLite database", () -> new SqliteStoreSource(db));
    }

    @Test
    void sqliteWithoutMlflowTables() throws Exception {
        Path db = dir.resolve("other.db");
        exec(db, "CREATE TABLE people (name TEXT)", "CREATE TABLE runs (run_uuid TEXT)");
        SourceException e = assertMessage(db, "not an MLflow tracking database", () -> new SqliteStoreSource(db));
        assertTrue(e.getMessage().contains("experiments") && e.getMessage().contains("latest_metrics")
                && !e.getMessage().contains("runs,"), e.getMessage());
    }

    @Test
    void corruptFile() throws Exception {
        Path db = dir.resolve("mlflow.db");
        byte[] bytes = new byte[8192];
        Arrays.fill(bytes, (byte) 0x5a);
        System.arraycopy("SQLite format 3\0".getBytes(StandardCharsets.US_ASCII), 0, bytes, 0, 16);
        Files.write(db, bytes);
        assertMessage(db, "cannot read the database", () -> new SqliteStoreSource(db));
    }

    @Test
    void readsOnlyAndNeverWrites() throws Exception {
        Path db = mlflowSchema("/data/a");
        byte[] before = Files.readAllBytes(db);
        SqliteStoreSource source = new SqliteStoreSource(db);
        assertEquals(1, source.listExperiments(ViewType.ALL).experiments().size());
        assertEquals(1, source.loadRuns(List.of("1"), ViewType.ALL).size());
        assertArrayEquals(before, Files.readAllBytes(db));
        assertTrue(Files.notExists(dir.resolve("mlflow.db-journal")) && Files.notExists(dir.resolve("mlflow.db-wal")));
    }

    @Test
    void serverArtifactsAreOnlyReachableThroughTheServer() throws Exception {
        SqliteStoreSource source = new SqliteStoreSource(mlflowSchema("mlflow-artifacts:/1/r1/artifacts"));
        SourceException e = assertThrows(SourceException.class, () -> source.listArtifacts("r1", ""));
        assertTrue(e.getMessage().contains("mlflow-artifacts:/1/r1/artifacts")
                && e.getMessage().contains("only reachable through"), e.getMessage());
    }

    @Test
    void remoteArtifactStoresAreRejected() throws Exception {
        SqliteStoreSource source = new SqliteStoreSource(mlflowSchema("s3://bucket/1/r1/artifacts"));
        SourceException e = assertThrows(SourceException.class, () -> source.openArtifact("r1", "model.pkl"));
        assertTrue(e.getMessage().contains("s3://bucket") && e.getMessage().contains("remote"), e.getMessage());
    }

    @Test
    void relativeArtifactUriIsResolvedAgainstTheDatabaseFolder() throws Exception {
        SqliteStoreSource source = new SqliteStoreSource(mlflowSchema("mlruns/1/r1/artifacts"));
        assertEquals(List.of(), source.listArtifacts("r1", ""), "nothing logged yet");
        Path file = dir.resolve("mlruns/1/r1/artifacts/sub/x.txt");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "x");
        assertEquals("sub/x.txt", source.listArtifacts("r1", "sub").get(0).path());
        try (InputStream in = source.openArtifact("r1", "./sub//x.txt")) {
            assertEquals("x", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertMessage(null, "'..'", () -> source.listArtifacts("r1", "sub/../../.."));
        assertMessage(null, "no artifact", () -> source.listArtifacts("r1", "missing"));
        assertMessage(null, "no run with id 'r2'", () -> source.listArtifacts("r2", ""));
    }

    @Test
    void unreadableRunRowBecomesAProblemNotAFailure() throws Exception {
        Path db = mlflowSchema("/data/a");
        exec(db, "INSERT INTO runs VALUES ('r2', 'bad', 'u', 'EXPLODED', 1, 2, '/x', 'active', 1)");
        SqliteStoreSource source = new SqliteStoreSource(db);
        assertEquals(1, source.loadRuns(List.of("1"), ViewType.ALL).size());
        SourceException e = assertThrows(SourceException.class, () -> source.getRun("r2"));
        assertTrue(e.getMessage().contains("EXPLODED"), e.getMessage());
        assertMessage(null, "not a number", () -> source.loadRuns(List.of("abc"), ViewType.ALL));
    }

    /** A minimal database with MLflow's table and column names: experiment 1 with run r1. */
    private Path mlflowSchema(String artifactUri) throws SQLException {
        Path db = MinimalSchema.create(dir.resolve("mlflow.db"));
        exec(db, "INSERT INTO runs VALUES ('r1', 'one', 'u', 'FINISHED', 1, 2, '" + artifactUri + "', 'active', 1)");
        return db;
    }

    private static void exec(Path db, String... sql) throws SQLException {
        MinimalSchema.exec(db, sql);
    }

    private interface Call {
        void run() throws Exception;
    }

    private static SourceException assertMessage(Path where, String fragment, Call call) {
        SourceException e = assertThrows(SourceException.class, call::run);
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
        if (where != null) {
            assertTrue(e.getMessage().contains(where.toAbsolutePath().normalize().toString()), e.getMessage());
        }
        return e;
    }
}
