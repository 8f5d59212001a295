package dev.handoff.runs.source.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.handoff.peer.MlflowPeer;
import dev.handoff.runs.ArtifactRef;
import dev.handoff.runs.Experiment;
import dev.handoff.runs.Metric;
import dev.handoff.runs.MetricSeries;
import dev.handoff.runs.Run;
import dev.handoff.runs.RunPage;
import dev.handoff.runs.RunQuery;
import dev.handoff.runs.SourceException;
import dev.handoff.runs.ViewType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The REST source against a real {@code mlflow server} (SQLite backend, proxied artifacts) into which MLflow's own
 * Python client logged a realistic experiment: every run, param, tag, metric point and artifact the client reads back
 * must be read back identically.
 */
@Tag("peer")
class MlflowServerPeerTest {
    @TempDir
    static Path tmp;
    static MlflowPeer peer;
    static MlflowPeer.Server server;
    static JsonNode logged;

    @BeforeAll
    static void startServerAndLog() throws Exception {
        peer = MlflowPeer.require();
        server = peer.requireServer("sqlite:///" + tmp.resolve("mlflow.db"), tmp.resolve("artifacts"), Map.of());
        Path dump = tmp.resolve("logged.json");
        peer.runPython(Duration.ofMinutes(5), MlflowPeer.script("log_remote_experiment.py").toString(),
                server.baseUrl().toString(), dump.toString()).requireSuccess();
        logged = new ObjectMapper().readTree(dump.toFile());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static MlflowRestSource source() throws SourceException {
        return new MlflowRestSource(RestConfig.of(server.baseUrl(), RestAuth.none()).withRetries(1, Duration.ofMillis(50)));
    }

    static double num(JsonNode n) {
        if (n.isNumber()) {
            return n.asDouble();
        }
        return switch (n.asText()) {
            case "nan" -> Double.NaN;
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> throw new IllegalArgumentException(n.toString());
        };
    }

    static Map<String, String> map(JsonNode obj) {
        Map<String, String> m = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = obj.fields(); it.hasNext(); ) {
            var e = it.next();
            m.put(e.getKey(), e.getValue().asText());
        }
        return m;
    }

    @Test
    void experimentsMatch() throws Exception {
        try (MlflowRestSource src = source()) {
            List<Experiment> exps = src.listExperiments(ViewType.ALL).experiments();
            assertEquals(logged.get("experiments").size(), exps.size());
            Map<String, Experiment> byId = new HashMap<>();
            exps.forEach(e -> byId.put(e.id(), e));
            for (JsonNode e : logged.get("experiments")) {
                Experiment ours = byId.get(e.get("id").asText());
                assertNotNull(ours, e.toString());
                assertEquals(e.get("name").asText(), ours.name());
                assertEquals(e.get("lifecycle_stage").asText(), ours.lifecycleStage().mlflowName());
                assertEquals(e.get("artifact_location").asText(), ours.artifactLocation());
                assertEquals(map(e.get("tags")), new TreeMap<>(ours.tags()));
            }
        }
    }

    @Test
    void everyRunParamTagMetricPointAndArtifactIsReadBackIdentically() throws Exception {
        try (MlflowRestSource src = source()) {
            assertReadBackIdentically(src, logged);
        }
    }

    /**
     * Every run, param, tag, latest metric, history point and artifact listing of what log_remote_experiment.py
     * logged ({@code logged}) is what {@code src} reads.
     */
    static void assertReadBackIdentically(MlflowRestSource src, JsonNode logged) throws Exception {
        List<String> ids = new ArrayList<>();
        logged.get("experiments").forEach(e -> ids.add(e.get("id").asText()));
        RunPage all = src.searchAllRuns(RunQuery.of(ids).withViewType(ViewType.ALL).withMaxResults(2));
        assertTrue(all.problems().isEmpty(), all.problems().toString());
        assertEquals(logged.get("runs").size(), all.runs().size());
        Map<String, Run> byId = new HashMap<>();
        all.runs().forEach(r -> byId.put(r.id(), r));
        int points = 0;
        for (JsonNode expected : logged.get("runs")) {
            String id = expected.get("run_id").asText();
            Run r = byId.get(id);
            assertNotNull(r, id);
            assertEquals(expected.get("run_name").asText(), r.info().runName(), id);
            assertEquals(expected.get("experiment_id").asText(), r.info().experimentId());
            assertEquals(expected.get("user_id").asText(), r.info().userId());
            assertEquals(expected.get("status").asText(), r.info().status().name());
            assertEquals(expected.get("start_time").asLong(), r.info().startTime());
            assertEquals(expected.get("end_time").isNull() ? -1 : expected.get("end_time").asLong(), r.info().endTime());
            assertEquals(expected.get("artifact_uri").asText(), r.info().artifactUri());
            assertEquals(expected.get("lifecycle_stage").asText(), r.info().lifecycleStage().mlflowName());
            assertEquals(map(expected.get("params")), r.params(), id);
            assertEquals(map(expected.get("tags")), r.tags(), id);
            Map<String, Double> latest = new TreeMap<>();
            r.latestMetrics().forEach((k, m) -> latest.put(k, m.value()));
            Map<String, Double> expectedLatest = new TreeMap<>();
            expected.get("latest").fields().forEachRemaining(e -> expectedLatest.put(e.getKey(), num(e.getValue())));
            assertEquals(expectedLatest, latest, id);

            for (Iterator<Map.Entry<String, JsonNode>> it = expected.get("histories").fields(); it.hasNext(); ) {
                var h = it.next();
                MetricSeries s = src.getMetricHistory(id, h.getKey());
                JsonNode pts = h.getValue();
                assertEquals(pts.size(), s.size(), id + " " + h.getKey());
                for (int i = 0; i < pts.size(); i++) {
                    JsonNode p = pts.get(i);
                    assertEquals(p.get(0).asLong(), s.steps()[i], h.getKey() + "[" + i + "]");
                    assertEquals(p.get(1).asLong(), s.timestamps()[i], h.getKey() + "[" + i + "]");
                    assertEquals(num(p.get(2)), s.values()[i], 0.0, h.getKey() + "[" + i + "]");
                    points++;
                }
            }

            List<ArtifactRef> ours = new ArrayList<>();
            walk(src, id, "", ours);
            assertEquals(expected.get("artifacts").size(), ours.size(), id);
            for (int i = 0; i < ours.size(); i++) {
                JsonNode a = expected.get("artifacts").get(i);
                assertEquals(a.get("path").asText(), ours.get(i).path());
                assertEquals(a.get("is_dir").asBoolean(), ours.get(i).directory());
                if (!a.get("is_dir").asBoolean()) {
                    assertEquals(a.get("file_size").asLong(), ours.get(i).fileSize());
                }
            }
        }
        assertTrue(points > 900, "several hundred steps per child run were compared, got " + points);
    }

    static void walk(MlflowRestSource src, String runId, String path, List<ArtifactRef> out) throws SourceException {
        for (ArtifactRef a : src.listArtifacts(runId, path)) {
            out.add(a);
            if (a.directory()) {
                walk(src, runId, a.path(), out);
            }
        }
    }

    @Test
    void artifactsDownloadThroughTheProxy() throws Exception {
        try (MlflowRestSource src = source()) {
            assertArtifactsDownload(src, logged);
        }
    }

    /** The text and binary artifacts log_remote_experiment.py logged download byte for byte. */
    static void assertArtifactsDownload(MlflowRestSource src, JsonNode logged) throws Exception {
        JsonNode child = null;
        for (JsonNode r : logged.get("runs")) {
            if (r.get("run_name").asText().equals("lr-0.1")) {
                child = r;
            }
        }
        assertNotNull(child);
        String id = child.get("run_id").asText();
        try (InputStream in = src.openArtifact(id, "notes.txt")) {
            assertEquals("child run 1 lr=0.1\n", new String(in.readAllBytes()));
        }
        byte[] expected = new byte[1024];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = (byte) (i % 256);
        }
        try (InputStream in = src.openArtifact(id, "model/weights.bin")) {
            assertArrayEquals(expected, in.readAllBytes());
        }
    }

    @Test
    void filtersOrderingAndViewTypesAreTheServers() throws Exception {
        try (MlflowRestSource src = source()) {
            List<String> ids = new ArrayList<>();
            logged.get("experiments").forEach(e -> ids.add(e.get("id").asText()));
            RunPage lr = src.searchAllRuns(RunQuery.of(ids).withFilter("params.lr = '0.1'"));
            assertEquals(List.of("lr-0.1"), lr.runs().stream().map(Run::displayName).toList());
            RunPage ordered = src.searchAllRuns(RunQuery.of(ids).withFilter("params.optimizer = 'adagrad'")
                    .withOrderBy(List.of("params.lr DESC")));
            assertEquals(List.of("lr-0.5", "lr-0.1", "lr-0.01"), ordered.runs().stream().map(Run::displayName).toList());
            long active = src.searchAllRuns(RunQuery.of(ids)).runs().stream().filter(r -> r.displayName().equals("to-delete")).count();
            long deleted = src.searchAllRuns(RunQuery.of(ids).withViewType(ViewType.DELETED_ONLY)).runs().stream()
                    .filter(r -> r.displayName().equals("to-delete")).count();
            assertEquals(0, active);
            assertEquals(1, deleted);
            Run nestedChild = lr.runs().get(0);
            assertNotNull(nestedChild.parentRunId(), "nested runs carry mlflow.parentRunId");
            SourceException bad = assertThrows(SourceException.class,
                    () -> src.searchRuns(RunQuery.of(ids).withFilter("metrics.x <<< 1")));
            assertTrue(bad.getMessage().contains("HTTP 400") || bad.getMessage().contains("INVALID_PARAMETER_VALUE"), bad.getMessage());
            SourceException missing = assertThrows(SourceException.class, () -> src.getRun("0123456789abcdef0123456789abcdef"));
            assertTrue(missing.getMessage().contains("not found (HTTP 404)"), missing.getMessage());
        }
    }

    @Test
    void aServerThatGoesAwayGivesAClearErrorAndKeepsNothingHalfLoaded() throws Exception {
        MlflowPeer.Server second = peer.requireServer("sqlite:///" + tmp.resolve("second.db"), tmp.resolve("second-artifacts"), Map.of());
        URI url = second.baseUrl();
        try (MlflowRestSource src = new MlflowRestSource(RestConfig.of(url, null).withRetries(1, Duration.ofMillis(20)))) {
            assertFalse(src.listExperiments(ViewType.ACTIVE_ONLY).experiments().isEmpty());
            second.close();
            SourceException e = assertThrows(SourceException.class, () -> src.listExperiments(ViewType.ACTIVE_ONLY));
            assertTrue(e.getMessage().contains(url.toString()), e.getMessage());
            assertTrue(e.getMessage().contains("cannot connect") || e.getMessage().contains("connection failed"), e.getMessage());
        } finally {
            second.close();
        }
    }

    @Test
    void basicAuthServerAcceptsTheRightPasswordAndExplainsTheWrongOne() throws Exception {
        Path ini = tmp.resolve("auth.ini");
        Files.writeString(ini, "[mlflow]\ndefault_permission = READ\ndatabase_uri = sqlite:///" + tmp.resolve("auth.db")
                + "\nadmin_username = admin\nadmin_password = Handoff-Review-2026-pw\n"
                + "authorization_function = mlflow.server.auth:authenticate_request_basic_auth\n");
        try (MlflowPeer.Server auth = peer.requireServer("sqlite:///" + tmp.resolve("auth-backend.db"), tmp.resolve("auth-artifacts"),
                Map.of("MLFLOW_FLASK_SERVER_SECRET_KEY", "test-secret-key", "MLFLOW_AUTH_CONFIG_PATH", ini.toString()),
                "--app-name", "basic-auth")) {
            Map<String, String> env = Map.of("MLFLOW_TRACKING_USERNAME", "admin", "MLFLOW_TRACKING_PASSWORD", "Handoff-Review-2026-pw");
            try (MlflowRestSource ok = new MlflowRestSource(RestConfig.fromEnvironment(auth.baseUrl(), env))) {
                assertFalse(ok.listExperiments(ViewType.ACTIVE_ONLY).experiments().isEmpty());
            }
            Map<String, String> wrong = Map.of("MLFLOW_TRACKING_USERNAME", "admin", "MLFLOW_TRACKING_PASSWORD", "nope");
            try (MlflowRestSource bad = new MlflowRestSource(RestConfig.fromEnvironment(auth.baseUrl(), wrong))) {
                SourceException e = assertThrows(SourceException.class, () -> bad.listExperiments(ViewType.ACTIVE_ONLY));
                assertTrue(e.getMessage().contains("authentication failed (HTTP 401) with basic auth as admin"), e.getMessage());
                assertFalse(e.getMessage().contains("nope"));
            }
            try (MlflowRestSource none = new MlflowRestSource(RestConfig.of(auth.baseUrl(), RestAuth.none()))) {
                SourceException e = assertThrows(SourceException.class, () -> none.listExperiments(ViewType.ACTIVE_ONLY));
                assertTrue(e.getMessage().contains("HTTP 401"), e.getMessage());
            }
        }
    }
}
