package dev.handoff.runs.source.rest;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.handoff.runs.MetricSeries;
import dev.handoff.runs.Run;
import dev.handoff.runs.RunPage;
import dev.handoff.runs.RunQuery;
import dev.handoff.runs.SourceException;
import dev.handoff.runs.ViewType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Protocol and fault behaviour against a scripted in-process HTTP server (JDK's HttpServer on 127.0.0.1): paging,
 * int64-as-string, retries, and the messages users see. The real MLflow server is exercised in MlflowServerPeerTest.
 */
class MlflowRestSourceFaultTest {
    private HttpServer server;
    private final ConcurrentLinkedQueue<String> requests = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> authHeaders = new ConcurrentLinkedQueue<>();

    interface Handler {
        void handle(HttpExchange ex, String body) throws IOException;
    }

    private volatile Handler handler;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(ex.getRequestMethod() + " " + ex.getRequestURI() + (body.isEmpty() ? "" : " " + body));
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            authHeaders.add(auth == null ? "" : auth);
            try {
                handler.handle(ex, body);
            } finally {
                ex.close();
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private MlflowRestSource source(RestAuth auth, int retries) throws SourceException {
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        return new MlflowRestSource(RestConfig.of(base, auth)
                .withRetries(retries, Duration.ofMillis(5))
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2)));
    }

    private static void reply(HttpExchange ex, int status, String json) throws IOException {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
        if (b.length > 0) {
            ex.getResponseBody().write(b);
        }
    }

    private static String runJson(String id, String startTime) {
        return "{\"info\":{\"run_id\":\"" + id + "\",\"run_uuid\":\"" + id + "\",\"run_name\":\"r-" + id + "\","
                + "\"experiment_id\":\"1\",\"user_id\":\"ana\",\"status\":\"FINISHED\",\"start_time\":" + startTime + ","
                + "\"end_time\":\"1700000005000\",\"artifact_uri\":\"mlflow-artifacts:/1/" + id + "/artifacts\","
                + "\"lifecycle_stage\":\"active\"},\"data\":{\"metrics\":[{\"key\":\"loss\",\"value\":0.5,"
                + "\"timestamp\":\"1700000001000\",\"step\":\"7\"},{\"key\":\"acc\",\"value\":\"NaN\",\"timestamp\":1,\"step\":0}],"
                + "\"params\":[{\"key\":\"lr\",\"value\":\"0.1\"}],\"tags\":[{\"key\":\"mlflow.runName\",\"value\":\"r-" + id + "\"}]}}";
    }

    @Test
    void followsRunPagesAndAcceptsInt64AsStringOrNumber() throws Exception {
        handler = (ex, body) -> {
            if (body.contains("\"page_token\":\"p2\"")) {
                reply(ex, 200, "{\"runs\":[" + runJson("b", "1700000000001") + "]}");
            } else {
                reply(ex, 200, "{\"runs\":[" + runJson("a", "\"1700000000000\"") + "],\"next_page_token\":\"p2\"}");
            }
        };
        try (MlflowRestSource src = source(RestAuth.none(), 0)) {
            RunPage all = src.searchAllRuns(RunQuery.of(List.of("1")).withFilter("metrics.loss < 1")
                    .withOrderBy(List.of("metrics.loss DESC")).withMaxResults(1));
            assertEquals(List.of("a", "b"), all.runs().stream().map(Run::id).toList());
            Run a = all.runs().get(0);
            assertEquals(1_700_000_000_000L, a.info().startTime());
            assertEquals(1_700_000_005_000L, a.info().endTime());
            assertEquals(7, a.latestMetrics().get("loss").step());
            assertTrue(Double.isNaN(a.latestMetrics().get("acc").value()));
            assertEquals("0.1", a.params().get("lr"));
            assertEquals(2, requests.size());
            String first = requests.peek();
            assertTrue(first.startsWith("POST /api/2.0/mlflow/runs/search"), first);
            assertTrue(first.contains("\"filter\":\"metrics.loss < 1\""), first);
            assertTrue(first.contains("\"order_by\":[\"metrics.loss DESC\"]"), first);
            assertTrue(first.contains("\"run_view_type\":\"ACTIVE_ONLY\""), first);
        }
    }

    @Test
    void metricHistoryFollowsEveryPageSortsAndIsNotCachedBySource() throws Exception {
        handler = (ex, body) -> {
            String q = ex.getRequestURI().getRawQuery();
            if (q.contains("page_token=t2")) {
                reply(ex, 200, "{\"metrics\":[{\"key\":\"loss\",\"value\":1.0,\"timestamp\":\"30\",\"step\":\"0\"}]}");
            } else {
                reply(ex, 200, "{\"metrics\":[{\"key\":\"loss\",\"value\":3.0,\"timestamp\":10,\"step\":2},"
                        + "{\"key\":\"loss\",\"value\":2.0,\"timestamp\":20,\"step\":1}],\"next_page_token\":\"t2\"}");
            }
        };
        try (MlflowRestSource src = source(RestAuth.none(), 0)) {
            MetricSeries s = src.getMetricHistory("r1", "val/loss");
            assertArrayEquals(new long[]{0, 1, 2}, s.steps());
            assertArrayEquals(new double[]{1.0, 2.0, 3.0}, s.values());
            assertArrayEquals(new long[]{30, 20, 10}, s.timestamps());
            assertEquals(2, requests.size());
            assertTrue(requests.peek().contains("metric_key=val%2Floss"), requests.peek());
            // the UI's HistoryCache is the one cache: the source asks the server every time (a reload sees new points)
            assertArrayEquals(s.values(), src.getMetricHistory("r1", "val/loss").values());
            assertEquals(4, requests.size());
        }
    }

    @Test
    void retriesServerErrorsAndRateLimitsThenSucceeds() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        handler = (ex, body) -> {
            int n = calls.incrementAndGet();
            if (n == 1) {
                reply(ex, 503, "");
            } else if (n == 2) {
                reply(ex, 429, "{\"error_code\":\"REQUEST_LIMIT_EXCEEDED\",\"message\":\"slow down\"}");
            } else {
                reply(ex, 200, "{\"run\":" + runJson("a", "1") + "}");
            }
        };
        try (MlflowRestSource src = source(RestAuth.none(), 3)) {
            assertEquals("a", src.getRun("a").id());
            assertEquals(3, calls.get());
        }
    }

    @Test
    void persistentServerErrorGivesUpAfterBoundedRetriesNamingTheUrl() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        handler = (ex, body) -> {
            calls.incrementAndGet();
            reply(ex, 500, "{\"error_code\":\"INTERNAL_ERROR\",\"message\":\"database is locked\"}");
        };
        try (MlflowRestSource src = source(RestAuth.none(), 2)) {
            SourceException e = assertThrows(SourceException.class, () -> src.getRun("abc"));
            assertEquals(3, calls.get());
            assertTrue(e.getMessage().contains("/api/2.0/mlflow/runs/get?run_id=abc"), e.getMessage());
            assertTrue(e.getMessage().contains("HTTP 500: INTERNAL_ERROR: database is locked"), e.getMessage());
            assertTrue(e.getMessage().contains("after 3 attempts"), e.getMessage());
        }
    }

    @Test
    void unauthorizedForbiddenAndNotFoundAreNotRetriedAndExplained() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        handler = (ex, body) -> {
            calls.incrementAndGet();
            String q = ex.getRequestURI().getRawQuery();
            if (q.contains("run_id=u")) {
                reply(ex, 401, "You are not authenticated.");
            } else if (q.contains("run_id=f")) {
                reply(ex, 403, "{\"error_code\":\"PERMISSION_DENIED\",\"message\":\"no READ on experiment 1\"}");
            } else {
                reply(ex, 404, "{\"error_code\":\"RESOURCE_DOES_NOT_EXIST\",\"message\":\"Run 'n' not found\"}");
            }
        };
        try (MlflowRestSource src = source(RestAuth.basic("ana", "wrong".toCharArray()), 4)) {
            String m401 = assertThrows(SourceException.class, () -> src.getRun("u")).getMessage();
            assertTrue(m401.contains("authentication failed (HTTP 401) with basic auth as ana"), m401);
            assertFalse(m401.contains("wrong"), "the password never appears in messages");
            String m403 = assertThrows(SourceException.class, () -> src.getRun("f")).getMessage();
            assertTrue(m403.contains("permission denied (HTTP 403)") && m403.contains("no READ on experiment 1"), m403);
            String m404 = assertThrows(SourceException.class, () -> src.getRun("n")).getMessage();
            assertTrue(m404.contains("not found (HTTP 404): RESOURCE_DOES_NOT_EXIST: Run 'n' not found"), m404);
            assertEquals(3, calls.get(), "4xx answers are final");
        }
        assertTrue(authHeaders.stream().allMatch(h -> h.startsWith("Basic ")));
    }

    @Test
    void bearerTokenIsSentAndNeverShown() throws Exception {
        handler = (ex, body) -> reply(ex, 200, "{\"experiments\":[{\"experiment_id\":\"0\",\"name\":\"Default\","
                + "\"artifact_location\":\"mlflow-artifacts:/0\",\"lifecycle_stage\":\"active\",\"creation_time\":\"5\","
                + "\"last_update_time\":6,\"tags\":[{\"key\":\"team\",\"value\":\"risk\"}]}]}");
        RestAuth auth = RestAuth.fromEnvironment(Map.of("MLFLOW_TRACKING_TOKEN", "s3cret"));
        try (MlflowRestSource src = source(auth, 0)) {
            var list = src.listExperiments(ViewType.ALL);
            assertEquals("risk", list.experiments().get(0).tags().get("team"));
            assertEquals(5L, list.experiments().get(0).creationTime());
            assertEquals("Bearer s3cret", authHeaders.peek());
            assertFalse(src.describe().contains("s3cret"));
            assertFalse(auth.toString().contains("s3cret"));
            assertTrue(requests.peek().contains("\"view_type\":\"ALL\""), requests.peek());
        }
    }

    @Test
    void basicWinsOverTokenAsInMlflowClients() {
        RestAuth auth = RestAuth.fromEnvironment(Map.of("MLFLOW_TRACKING_TOKEN", "t",
                "MLFLOW_TRACKING_USERNAME", "u", "MLFLOW_TRACKING_PASSWORD", "p"));
        assertEquals("Basic dTpw", auth.authorizationHeader());
        assertNull(RestAuth.fromEnvironment(Map.of()).authorizationHeader());
    }

    @Test
    void serverThatIsGoneGivesAConnectMessage() throws Exception {
        int port = server.getAddress().getPort();
        server.stop(0);
        try (MlflowRestSource src = new MlflowRestSource(RestConfig.of(URI.create("http://127.0.0.1:" + port), null)
                .withRetries(1, Duration.ofMillis(5)))) {
            String m = assertThrows(SourceException.class, () -> src.listExperiments(ViewType.ACTIVE_ONLY)).getMessage();
            assertTrue(m.contains("http://127.0.0.1:" + port + "/api/2.0/mlflow/experiments/search"), m);
            assertTrue(m.contains("cannot connect") || m.contains("connection failed"), m);
        }
    }

    @Test
    void slowServerTimesOut() throws Exception {
        handler = (ex, body) -> {
            try {
                Thread.sleep(1500);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            reply(ex, 200, "{}");
        };
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        try (MlflowRestSource src = new MlflowRestSource(RestConfig.of(base, null)
                .withRetries(0, Duration.ofMillis(5)).withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(300)))) {
            String m = assertThrows(SourceException.class, () -> src.getRun("x")).getMessage();
            assertTrue(m.contains("no response within"), m);
        }
    }

    @Test
    void nonMlflowServerIsNamed() throws Exception {
        handler = (ex, body) -> {
            byte[] b = "<html>hello</html>".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
        };
        try (MlflowRestSource src = source(RestAuth.none(), 0)) {
            String m = assertThrows(SourceException.class, () -> src.getRun("x")).getMessage();
            assertTrue(m.contains("is this an MLflow tracking server?"), m);
        }
    }

    @Test
    void artifactDownloadUsesTheProxyForMlflowArtifactsUris() throws Exception {
        handler = (ex, body) -> {
            String path = ex.getRequestURI().getPath();
            if (path.endsWith("/runs/get")) {
                reply(ex, 200, "{\"run\":" + runJson("a", "1") + "}");
            } else if (path.equals("/api/2.0/mlflow-artifacts/artifacts/1/a/artifacts/model/model card.md")) {
                byte[] b = "# card".getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(200, b.length);
                ex.getResponseBody().write(b);
            } else {
                reply(ex, 404, "");
            }
        };
        try (MlflowRestSource src = source(RestAuth.none(), 0); InputStream in = src.openArtifact("a", "model/model card.md")) {
            assertEquals("# card", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        try (MlflowRestSource src = source(RestAuth.none(), 0)) {
            assertThrows(SourceException.class, () -> src.openArtifact("a", "../secrets"));
        }
    }

    /** Closes the connection without any response: the client sees a reset / EOF, an IOException. */
    private static void drop(HttpExchange ex) {
        ex.close(); // no response headers sent: HttpServer closes the socket
    }

    private static final String EXPERIMENTS = "{\"experiments\":[{\"experiment_id\":\"0\",\"name\":\"Default\","
            + "\"lifecycle_stage\":\"active\"}]}";

    @Test
    void connectionDroppedOnFirstRequestIsRetriedAndSucceeds() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        handler = (ex, body) -> {
            if (calls.incrementAndGet() == 1) {
                drop(ex);
            } else {
                reply(ex, 200, EXPERIMENTS);
            }
        };
        // experiments/search is a POST, which the JDK client never retries by itself: any retry here is ours
        try (MlflowRestSource src = source(RestAuth.none(), 2)) {
            assertEquals("Default", src.listExperiments(ViewType.ACTIVE_ONLY).experiments().get(0).name());
            assertEquals(2, calls.get());
        }
        calls.set(0);
        try (MlflowRestSource noRetry = source(RestAuth.none(), 0)) {
            String m = assertThrows(SourceException.class, () -> noRetry.listExperiments(ViewType.ACTIVE_ONLY)).getMessage();
            assertTrue(m.contains("connection failed"), "without retries the dropped connection is the failure: " + m);
            assertEquals(1, calls.get());
        }
    }

    @Test
    void rateLimitRetryAfterIsHonoured() throws Exception {
        List<Long> arrivals = new java.util.concurrent.CopyOnWriteArrayList<>();
        handler = (ex, body) -> {
            arrivals.add(System.nanoTime());
            if (arrivals.size() == 1) {
                ex.getResponseHeaders().add("Retry-After", "1");
                reply(ex, 429, "{\"error_code\":\"REQUEST_LIMIT_EXCEEDED\",\"message\":\"slow down\"}");
            } else {
                reply(ex, 200, "{\"run\":" + runJson("a", "1") + "}");
            }
        };
        try (MlflowRestSource src = source(RestAuth.none(), 3)) { // own backoff is 5 ms: only Retry-After makes it wait
            assertEquals("a", src.getRun("a").id());
        }
        assertEquals(2, arrivals.size());
        long waitedMs = (arrivals.get(1) - arrivals.get(0)) / 1_000_000;
        assertTrue(waitedMs >= 950 && waitedMs < 5_000, "waited " + waitedMs + " ms for Retry-After: 1");
    }

    @Test
    void droppedConnectionsExhaustRetriesWithAMessageNamingTheUrl() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        handler = (ex, body) -> {
            calls.incrementAndGet();
            drop(ex);
        };
        try (MlflowRestSource src = source(RestAuth.none(), 2)) {
            String m = assertThrows(SourceException.class, () -> src.listExperiments(ViewType.ACTIVE_ONLY)).getMessage();
            assertEquals(3, calls.get(), "one attempt plus two retries, then it gives up");
            assertTrue(m.startsWith("http://127.0.0.1:" + server.getAddress().getPort() + "/api/2.0/mlflow/experiments/search: "), m);
            assertTrue(m.contains("connection failed") && m.contains("after 3 attempts"), m);
            assertEquals(1, m.lines().count(), m);
        }
    }

    @Test
    void credentialsInTheTrackingUriAreRefusedWithoutEchoingThem() {
        String secret = "s3cret-pw";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RestConfig.of(URI.create("http://ana:" + secret + "@mlflow.example:5000"), null));
        assertTrue(e.getMessage().contains("'http://mlflow.example:5000'") && e.getMessage().contains("user + password fields"),
                e.getMessage());
        assertFalse(e.getMessage().contains(secret), e.getMessage());

        SourceException se = assertThrows(SourceException.class,
                () -> dev.handoff.runs.source.RunSources.openServer("http://ana:" + secret + "@mlflow.example:5000/", Map.of()));
        assertTrue(se.getMessage().startsWith("http://mlflow.example:5000/: ") && se.getMessage().contains("MLFLOW_TRACKING_USERNAME"),
                se.getMessage());
        assertFalse(se.getMessage().contains(secret));
        // not even parsable (a space in the password): still refused without the secret
        se = assertThrows(SourceException.class,
                () -> dev.handoff.runs.source.RunSources.openServer("http://ana:s3 cret@h:1", Map.of()));
        assertFalse(se.getMessage().contains("s3 cret"), se.getMessage());

        assertEquals("https://h:1/p?q=a@b", RestConfig.withoutUserInfo("https://u:p@h:1/p?q=a@b"));
        assertEquals("https://h:1/p?q=a@b", RestConfig.withoutUserInfo("https://h:1/p?q=a@b"), "an @ in the query is not user-info");
        assertEquals("/data/mlruns", RestConfig.withoutUserInfo("/data/mlruns"));
        // an unencoded '/' in the password does not end the user-info early
        assertTrue(RestConfig.hasUserInfo("http://bob:pa/ss@h:1/"));
        assertEquals("http://h:1/", RestConfig.withoutUserInfo("http://bob:pa/ss@h:1/"));
        se = assertThrows(SourceException.class,
                () -> dev.handoff.runs.source.RunSources.openServer("http://bob:pa/ss@h:1/", Map.of()));
        assertFalse(se.getMessage().contains("ss@") || se.getMessage().contains("pa/"), se.getMessage());
    }

    @Test
    void rejectsNonHttpTrackingUris() {
        assertThrows(IllegalArgumentException.class, () -> RestConfig.of(URI.create("ftp://x"), null));
        assertThrows(IllegalArgumentException.class, () -> RestConfig.of(URI.create("file:///tmp/mlruns"), null));
    }
}
