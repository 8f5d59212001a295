package dev.handoff.peer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The harness itself: scripts, a tracking server (plain and basic-auth), and the store-dump script on a file store. */
@Tag("peer")
class MlflowPeerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static MlflowPeer peer;

    @BeforeAll
    static void peer() {
        peer = MlflowPeer.require();
    }

    @Test
    void runsPythonWithCapturedOutputExitCodeAndEnvironment() throws Exception {
        assertSame(peer, MlflowPeer.get());
        MlflowPeer.ProcessResult r = peer.runPython(Duration.ofMinutes(1), Map.of("HANDOFF_X", "42"), "-c",
                "import os, sys, mlflow; print(mlflow.__version__, os.environ['HANDOFF_X']); "
                        + "print('oops', file=sys.stderr); sys.exit(3)");
        assertEquals(3, r.exitCode());
        assertFalse(r.ok());
        assertEquals(MlflowPeer.VERSION + " 42", r.stdout().trim());
        assertEquals("oops", r.stderr().trim());
        MlflowPeer.ProcessResult slow = peer.runPython(Duration.ofMillis(300), "-c", "import time; time.sleep(30)");
        assertTrue(slow.timedOut() && slow.exitCode() == -1, slow.toString());
        assertTrue(peer.python().startsWith(peer.venv()));
    }

    @Test
    void serverAnswersRestAndStopsOnClose(@TempDir Path dir) throws Exception {
        URI base;
        try (MlflowPeer.Server server = peer.requireServer("sqlite:///" + dir.resolve("mlflow.db"),
                dir.resolve("artifacts"), Map.of())) {
            base = server.baseUrl();
            assertEquals("127.0.0.1", base.getHost());
            HttpResponse<String> created = post(base, "/api/2.0/mlflow/experiments/create", "{\"name\": \"via-rest\"}",
                    null);
            assertEquals(200, created.statusCode(), created.body());
            HttpResponse<String> search = get(base, "/api/2.0/mlflow/experiments/search?max_results=10", null);
            assertEquals(200, search.statusCode());
            List<String> names = new ArrayList<>();
            JSON.readTree(search.body()).get("experiments").forEach(e -> names.add(e.get("name").asText()));
            assertTrue(names.contains("via-rest"), names.toString());
            assertTrue(server.isAlive());
        }
        assertThrows(ConnectException.class, () -> get(base, "/health", null));
    }

    /**
     * MLflow ≥ 3.17 ships no default admin password (it refuses the old {@code password1234}): the bootstrap admin's
     * password must come from {@code MLFLOW_AUTH_ADMIN_PASSWORD}.
     */
    @Test
    void basicAuthServerRejectsAnonymousAndAcceptsTheAdmin(@TempDir Path dir) throws Exception {
        String password = "handoff-Peer-pw-2026";
        try (MlflowPeer.Server server = peer.requireServer("sqlite:///" + dir.resolve("mlflow.db"),
                dir.resolve("artifacts"), Map.of("MLFLOW_FLASK_SERVER_SECRET_KEY", "handoff-test-secret",
                        "MLFLOW_AUTH_ADMIN_PASSWORD", password),
                "--app-name", "basic-auth")) {
            String path = "/api/2.0/mlflow/experiments/search?max_results=10";
            assertEquals(401, get(server.baseUrl(), path, null).statusCode());
            String admin = "Basic " + Base64.getEncoder().encodeToString(
                    ("admin:" + password).getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> ok = get(server.baseUrl(), path, admin);
            assertEquals(200, ok.statusCode(), ok.body());
            String wrong = "Basic " + Base64.getEncoder().encodeToString(
                    "admin:wrong".getBytes(StandardCharsets.UTF_8));
            assertEquals(401, get(server.baseUrl(), path, wrong).statusCode());
        }
    }

    /** search_runs_store.py reads a file store without the caller setting MLFLOW_ALLOW_FILE_STORE. */
    @Test
    void storeDumpScriptReadsAFileStore(@TempDir Path dir) throws Exception {
        Path logged = dir.resolve("logged.json");
        peer.runPython(dir, Duration.ofMinutes(3), Map.of("MLFLOW_ALLOW_FILE_STORE", "true"),
                MlflowPeer.script("log_sqlite_sample.py").toString(), dir.resolve("mlruns").toUri().toString(),
                dir.resolve("artifacts").toString(), logged.toString()).requireSuccess();
        Path out = dir.resolve("search.json");
        peer.runPython(dir, Duration.ofMinutes(2), Map.of(), MlflowPeer.script("search_runs_store.py").toString(),
                dir.resolve("mlruns").toString(), out.toString()).requireSuccess();
        JsonNode expected = JSON.readTree(logged.toFile());
        JsonNode searched = JSON.readTree(out.toFile());
        assertEquals(MlflowPeer.VERSION, searched.get("mlflow_version").asText());
        Map<String, JsonNode> byId = new HashMap<>();
        searched.get("runs").forEach(r -> byId.put(r.get("run_id").asText(), r));
        assertEquals(expected.get("runs").size(), byId.size());
        for (JsonNode run : expected.get("runs")) {
            JsonNode got = byId.get(run.get("run_id").asText());
            for (String field : List.of("run_name", "status", "lifecycle_stage", "params", "tags", "metrics",
                    "start_time", "end_time")) {
                assertEquals(run.get(field), got.get(field), run.get("run_id") + " " + field);
            }
        }
        JsonNode parent = byId.get(expected.get("logged").get("parent").asText());
        assertEquals("NaN", parent.get("metrics").get("special").asText());
    }

    private static HttpResponse<String> get(URI base, String path, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).GET();
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(URI base, String path, String body, String authorization)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
