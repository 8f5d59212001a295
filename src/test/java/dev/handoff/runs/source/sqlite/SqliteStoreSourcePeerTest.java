package dev.handoff.runs.source.sqlite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.handoff.peer.MlflowPeer;
import dev.handoff.runs.ArtifactRef;
import dev.handoff.runs.Experiment;
import dev.handoff.runs.ExperimentList;
import dev.handoff.runs.LifecycleStage;
import dev.handoff.runs.Metric;
import dev.handoff.runs.MetricSeries;
import dev.handoff.runs.Run;
import dev.handoff.runs.RunStatus;
import dev.handoff.runs.SourceException;
import dev.handoff.runs.ViewType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reads a database written by real MLflow (pinned peer) and compares every field with what MLflow's own client reads
 * back from it ({@code log_sqlite_sample.py}), and the NaN / ±inf metric with what was logged.
 */
@Tag("peer")
class SqliteStoreSourcePeerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static MlflowPeer peer;
    static Path db;
    static JsonNode dump;
    static SqliteStoreSource source;

    @BeforeAll
    static void logSample() throws Exception {
        peer = MlflowPeer.require();
        db = dir.resolve("mlflow.db");
        Path out = dir.resolve("logged.json");
        peer.runPython(dir, Duration.ofMinutes(3), Map.of(), MlflowPeer.script("log_sqlite_sample.py").toString(),
                "sqlite:///" + db, dir.resolve("artifacts").toString(), out.toString()).requireSuccess();
        dump = JSON.readTree(out.toFile());
        source = new SqliteStoreSource(db);
    }

    @Test
    void experimentsMatchMlflow() throws Exception {
        ExperimentList list = source.listExperiments(ViewType.ALL);
        assertTrue(list.problems().isEmpty(), () -> list.problems().toString());
        Map<String, Experiment> byId = list.experiments().stream()
                .collect(Collectors.toMap(Experiment::id, e -> e));
        assertEquals(2, dump.get("experiments").size());
        for (JsonNode e : dump.get("experiments")) {
            Experiment got = byId.get(e.get("experiment_id").asText());
            assertEquals(e.get("name").asText(), got.name());
            assertEquals(e.get("artifact_location").asText(), got.artifactLocation());
            assertEquals(LifecycleStage.parse(e.get("lifecycle_stage").asText()), got.lifecycleStage());
            assertEquals(e.get("creation_time").asLong(), got.creationTime());
            assertEquals(e.get("last_update_time").asLong(), got.lastUpdateTime());
            assertEquals(strings(e.get("tags")), got.tags());
        }
        assertEquals("vision", byId.get("1").tags().get("team"));
    }

    @Test
    void runsMatchMlflowFieldByField() throws Exception {
        List<Run> runs = source.loadRuns(List.of("1", "2"), ViewType.ALL);
        Map<String, Run> byId = runs.stream().collect(Collectors.toMap(Run::id, r -> r));
        assertEquals(5, dump.get("runs").size());
        assertEquals(dump.get("runs").size(), runs.size());
        for (JsonNode expected : dump.get("runs")) {
            assertRunEquals(expected, byId.get(expected.get("run_id").asText()));
        }
    }

    @Test
    void nestedFailedAndDeletedRuns() throws Exception {
        JsonNode logged = dump.get("logged");
        String parent = logged.get("parent").asText();
        for (JsonNode child : logged.get("children")) {
            assertEquals(parent, source.getRun(child.asText()).parentRunId());
        }
        assertEquals(RunStatus.FAILED, source.getRun(logged.get("failed").asText()).info().status());
        String deleted = logged.get("deleted").asText();
        assertEquals(LifecycleStage.DELETED, source.getRun(deleted).info().lifecycleStage());
        Set<String> active = ids(source.loadRuns(List.of("2"), ViewType.ACTIVE_ONLY));
        assertEquals(Set.of(logged.get("failed").asText()), active);
        assertEquals(Set.of(deleted), ids(source.loadRuns(List.of("2"), ViewType.DELETED_ONLY)));
        assertEquals(4, source.loadRuns(List.of("1", "2"), ViewType.ACTIVE_ONLY).size());
    }

    @Test
    void getRunMatchesAndUnknownRunIsAnError() throws Exception {
        for (JsonNode expected : dump.get("runs")) {
            assertRunEquals(expected, source.getRun(expected.get("run_id").asText()));
        }
        SourceException e = assertThrows(SourceException.class, () -> source.getRun("0123456789abcdef"));
        assertTrue(e.getMessage().contains("0123456789abcdef") && e.getMessage().contains(db.toString()),
                e.getMessage());
    }

    @Test
    void metricHistoriesMatchMlflowSortedByStep() throws Exception {
        for (JsonNode run : dump.get("runs")) {
            String runId = run.get("run_id").asText();
            for (Iterator<Map.Entry<String, JsonNode>> it = run.get("history").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> h = it.next();
                MetricSeries got = source.getMetricHistory(runId, h.getKey());
                List<JsonNode> points = new ArrayList<>();
                h.getValue().forEach(points::add);
                points.sort((a, b) -> a.get(0).asLong() != b.get(0).asLong()
                        ? Long.compare(a.get(0).asLong(), b.get(0).asLong())
                        : Long.compare(a.get(1).asLong(), b.get(1).asLong()));
                assertEquals(points.size(), got.size(), runId + " " + h.getKey());
                for (int i = 0; i < points.size(); i++) {
                    assertEquals(points.get(i).get(0).asLong(), got.steps()[i]);
                    assertEquals(points.get(i).get(1).asLong(), got.timestamps()[i]);
                    assertEquals(value(points.get(i).get(2)), got.values()[i], runId + " " + h.getKey() + " #" + i);
                }
            }
        }
        MetricSeries loss = source.getMetricHistory(dump.get("logged").get("children").get(0).asText(), "train/loss");
        assertEquals(300, loss.size());
        for (int i = 0; i < 300; i++) {
            assertEquals(i, loss.steps()[i]);
        }
    }

    @Test
    void nanAndInfinitiesAreReadAsLogged() throws Exception {
        MetricSeries special = source.getMetricHistory(dump.get("logged").get("parent").asText(), "special");
        JsonNode logged = dump.get("logged").get("special");
        double[] expected = new double[logged.size()];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = Double.parseDouble(logged.get(i).asText());
        }
        assertArrayEquals(expected, special.values());
        assertTrue(Double.isInfinite(special.values()[2]) && special.values()[2] > 0);
        assertTrue(Double.isNaN(source.getRun(dump.get("logged").get("parent").asText())
                .latestMetrics().get("special").value()));
        assertEquals(0, source.getMetricHistory(dump.get("logged").get("parent").asText(), "no-such-metric").size());
    }

    @Test
    void artifactsMatchMlflowListing() throws Exception {
        for (JsonNode run : dump.get("runs")) {
            String runId = run.get("run_id").asText();
            Map<String, long[]> expected = new TreeMap<>();
            run.get("artifacts").forEach(a -> expected.put(a.get(0).asText(),
                    new long[]{a.get(1).asBoolean() ? 1 : 0, a.get(2).asLong()}));
            Map<String, long[]> got = new TreeMap<>();
            collectArtifacts(runId, "", got);
            assertEquals(expected.keySet(), got.keySet(), runId);
            for (String path : expected.keySet()) {
                assertArrayEquals(expected.get(path), got.get(path), runId + " " + path);
            }
        }
        String parent = dump.get("logged").get("parent").asText();
        try (InputStream in = source.openArtifact(parent, "notes/readme.txt")) {
            assertEquals("hello from the peer\n", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertThrows(SourceException.class, () -> source.openArtifact(parent, "notes"));
        SourceException escape = assertThrows(SourceException.class,
                () -> source.openArtifact(parent, "notes/../../../mlflow.db"));
        assertTrue(escape.getMessage().contains(".."), escape.getMessage());
        assertThrows(SourceException.class, () -> source.listArtifacts(parent, "/etc"));
    }

    @Test
    void artifactsAreFoundBesideAMovedDatabase(@TempDir Path elsewhere) throws Exception {
        Path artifacts = dir.resolve("artifacts");
        Files.copy(db, elsewhere.resolve("mlflow.db"));
        Files.move(artifacts, elsewhere.resolve("artifacts"));
        try {
            SqliteStoreSource moved = new SqliteStoreSource(elsewhere.resolve("mlflow.db"));
            String parent = dump.get("logged").get("parent").asText();
            try (InputStream in = moved.openArtifact(parent, "config.json")) {
                assertEquals("{\"a\": 1}", new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("\\s+", " ")
                        .replace("{ ", "{").replace(" }", "}").trim());
            }
        } finally {
            Files.move(elsewhere.resolve("artifacts"), artifacts);
        }
    }

    /** The store-dump script (also used for the sample store) agrees with this reader on the same database. */
    @Test
    void searchRunsStoreScriptAgreesWithTheReader() throws Exception {
        Path out = dir.resolve("search.json");
        peer.runPython(dir, Duration.ofMinutes(2), Map.of(), MlflowPeer.script("search_runs_store.py").toString(),
                "sqlite:///" + db, out.toString()).requireSuccess();
        JsonNode searched = JSON.readTree(out.toFile());
        List<String> experimentIds = new ArrayList<>();
        searched.get("experiments").forEach(e -> experimentIds.add(e.get("experiment_id").asText()));
        assertEquals(List.of("0", "1", "2"), experimentIds);
        Map<String, Run> byId = source.loadRuns(experimentIds, ViewType.ALL).stream()
                .collect(Collectors.toMap(Run::id, r -> r));
        assertEquals(dump.get("runs").size(), searched.get("runs").size());
        assertEquals(searched.get("runs").size(), byId.size());
        for (JsonNode expected : searched.get("runs")) {
            assertRunEquals(expected, byId.get(expected.get("run_id").asText()));
        }
    }

    private static void collectArtifacts(String runId, String path, Map<String, long[]> out) throws SourceException {
        for (ArtifactRef a : source.listArtifacts(runId, path)) {
            out.put(a.path(), new long[]{a.directory() ? 1 : 0, a.fileSize()});
            if (a.directory()) {
                collectArtifacts(runId, a.path(), out);
            }
        }
    }

    private static void assertRunEquals(JsonNode expected, Run got) {
        String id = expected.get("run_id").asText();
        assertTrue(got != null, "run " + id + " not read");
        assertEquals(id, got.info().runId());
        assertEquals(expected.get("run_name").asText(), got.info().runName(), id);
        assertEquals(expected.get("experiment_id").asText(), got.info().experimentId(), id);
        assertEquals(expected.get("user_id").asText(), got.info().userId(), id);
        assertEquals(RunStatus.parse(expected.get("status").asText()), got.info().status(), id);
        assertEquals(expected.get("start_time").asLong(), got.info().startTime(), id);
        assertEquals(expected.get("end_time").asLong(), got.info().endTime(), id);
        assertEquals(expected.get("artifact_uri").asText(), got.info().artifactUri(), id);
        assertEquals(LifecycleStage.parse(expected.get("lifecycle_stage").asText()), got.info().lifecycleStage(), id);
        assertEquals(strings(expected.get("params")), got.params(), id);
        assertEquals(strings(expected.get("tags")), got.tags(), id);
        Map<String, Double> metrics = new TreeMap<>();
        got.latestMetrics().forEach((k, m) -> metrics.put(k, m.value()));
        Map<String, Double> expectedMetrics = new TreeMap<>();
        expected.get("metrics").fields().forEachRemaining(e -> expectedMetrics.put(e.getKey(), value(e.getValue())));
        assertEquals(expectedMetrics, metrics, id);
        Metric loss = got.latestMetrics().get("train/loss");
        if (loss != null) {
            assertEquals(299, loss.step(), id);
        }
    }

    /**
     * A value as MLflow's client returns it from a SQL store, mapped to what was logged: the SQL store clamps ±inf
     * to ±Double.MAX_VALUE on write (checked against the logged values in nanAndInfinitiesAreReadAsLogged).
     */
    private static double value(JsonNode n) {
        double v = n.isNumber() ? n.asDouble() : Double.parseDouble(n.asText());
        if (v == Double.MAX_VALUE) {
            return Double.POSITIVE_INFINITY;
        }
        return v == -Double.MAX_VALUE ? Double.NEGATIVE_INFINITY : v;
    }

    private static Map<String, String> strings(JsonNode obj) {
        Map<String, String> m = new HashMap<>();
        obj.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
        return m;
    }

    private static Set<String> ids(List<Run> runs) {
        return runs.stream().map(Run::id).collect(Collectors.toSet());
    }
}
