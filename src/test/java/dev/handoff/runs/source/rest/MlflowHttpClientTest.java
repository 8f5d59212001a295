package dev.handoff.runs.source.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.handoff.runs.SourceException;
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
 * {@link MlflowHttpClient} on its own against a scripted in-process server (JDK HttpServer on 127.0.0.1): which answers
 * are retried and how often, what the messages say (URL, status, MLflow's error_code and message), and that no
 * credential reaches a message or toString, even when the server echoes it back.
 */
class MlflowHttpClientTest {
    private HttpServer server;
    private final ConcurrentLinkedQueue<String> authHeaders = new ConcurrentLinkedQueue<>();
    private final AtomicInteger calls = new AtomicInteger();

    interface Handler {
        void handle(HttpExchange ex, int call) throws IOException;
    }

    private volatile Handler handler;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            authHeaders.add(auth == null ? "" : auth);
            try {
                handler.handle(ex, calls.incrementAndGet());
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

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private MlflowHttpClient client(RestAuth auth, int retries) throws SourceException {
        return new MlflowHttpClient(RestConfig.of(URI.create(base()), auth)
                .withRetries(retries, Duration.ofMillis(5))
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2)));
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
        if (b.length > 0) {
            ex.getResponseBody().write(b);
        }
    }

    @Test
    void retriesEachTransientStatusThenReturnsTheJson() throws Exception {
        List<Integer> transients = List.of(429, 500, 502, 503, 504);
        handler = (ex, call) -> {
            if (call <= transients.size()) {
                reply(ex, transients.get(call - 1), "");
            } else {
                reply(ex, 200, "{\"experiments\":[]}");
            }
        };
        MlflowHttpClient c = client(RestAuth.none(), 5);
        JsonNode resp = c.post("experiments/search", c.newBody());
        assertTrue(resp.has("experiments"), resp.toString());
        assertEquals(6, calls.get(), "five transient failures, then the answer");
        assertTrue(transients.stream().allMatch(MlflowHttpClient::retryable));
        assertFalse(MlflowHttpClient.retryable(400) || MlflowHttpClient.retryable(401) || MlflowHttpClient.retryable(501));
    }

    @Test
    void givingUpNamesTheUrlStatusErrorCodeMessageAndAttempts() throws Exception {
        handler = (ex, call) -> reply(ex, 503, "{\"error_code\":\"TEMPORARILY_UNAVAILABLE\",\"message\":\"db busy\"}");
        SourceException e = assertThrows(SourceException.class,
                () -> client(RestAuth.none(), 2).get("runs/get", Map.of("run_id", "r 1")));
        assertEquals(3, calls.get());
        assertEquals(base() + "/api/2.0/mlflow/runs/get?run_id=r+1", e.location());
        assertEquals(base() + "/api/2.0/mlflow/runs/get?run_id=r+1: HTTP 503: TEMPORARILY_UNAVAILABLE: db busy (after 3 attempts)",
                e.getMessage());
    }

    @Test
    void clientErrorsAreFinalAndShowTheServersText() throws Exception {
        handler = (ex, call) -> reply(ex, 400, "{\"error_code\":\"INVALID_PARAMETER_VALUE\",\"message\":\"bad filter\"}");
        MlflowHttpClient c = client(RestAuth.none(), 4);
        SourceException e = assertThrows(SourceException.class, () -> c.post("runs/search", c.newBody()));
        assertEquals(1, calls.get(), "a 400 is not retried");
        assertEquals(base() + "/api/2.0/mlflow/runs/search: HTTP 400: INVALID_PARAMETER_VALUE: bad filter", e.getMessage());
        handler = (ex, call) -> reply(ex, 418, "  <b>not\n a teapot</b> ");
        e = assertThrows(SourceException.class, () -> c.get("runs/get", Map.of()));
        assertTrue(e.getMessage().endsWith("/api/2.0/mlflow/runs/get: HTTP 418: <b>not a teapot</b>"), e.getMessage());
    }

    @Test
    void aBearerTokenTheServerEchoesIsScrubbedFromMessages() throws Exception {
        String token = "tok-9f8e7d6c";
        handler = (ex, call) -> reply(ex, 401, "{\"error_code\":\"UNAUTHENTICATED\",\"message\":\"invalid token "
                + ex.getRequestHeaders().getFirst("Authorization") + "\"}");
        MlflowHttpClient c = client(RestAuth.bearer(token.toCharArray()), 3);
        SourceException e = assertThrows(SourceException.class, () -> c.get("runs/get", Map.of("run_id", "a")));
        assertEquals("Bearer " + token, authHeaders.peek(), "the token is sent");
        assertEquals(1, calls.get(), "401 is final");
        assertTrue(e.getMessage().contains("authentication failed (HTTP 401) with bearer token"), e.getMessage());
        assertTrue(e.getMessage().contains("UNAUTHENTICATED: invalid token Bearer ***"), e.getMessage());
        assertFalse(e.getMessage().contains(token), e.getMessage());
        assertFalse(c.toString().contains(token), c.toString());
        assertTrue(c.toString().contains(base()), c.toString());
    }

    @Test
    void aBasicPasswordOrHeaderTheServerEchoesIsScrubbedFromMessages() throws Exception {
        String password = "pw-Secret/42";
        handler = (ex, call) -> reply(ex, call == 1 ? 403 : 500, "denied for "
                + ex.getRequestHeaders().getFirst("Authorization") + " (password " + password + ")");
        MlflowHttpClient c = client(RestAuth.basic("ana", password.toCharArray()), 0);
        String m403 = assertThrows(SourceException.class, () -> c.get("runs/get", Map.of())).getMessage();
        String m500 = assertThrows(SourceException.class, () -> c.get("runs/get", Map.of())).getMessage();
        String header = authHeaders.peek();
        assertTrue(header.startsWith("Basic "), header);
        for (String m : List.of(m403, m500)) {
            assertFalse(m.contains(password), m);
            assertFalse(m.contains(header.substring("Basic ".length())), m);
            assertTrue(m.contains("denied for Basic *** (password ***)"), m);
        }
        assertTrue(m403.contains("permission denied (HTTP 403) for basic auth as ana"), m403);
        assertFalse(c.toString().contains(password), c.toString());
    }

    @Test
    void downloadStreamsTheBodyAndGetRejectsNonJson() throws Exception {
        handler = (ex, call) -> reply(ex, 200, "plain bytes");
        MlflowHttpClient c = client(RestAuth.none(), 0);
        try (InputStream in = c.download(URI.create(base() + "/get-artifact?path=x"))) {
            assertEquals("plain bytes", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        SourceException e = assertThrows(SourceException.class, () -> c.get("runs/get", Map.of()));
        assertTrue(e.getMessage().startsWith(base() + "/api/2.0/mlflow/runs/get: the response is not JSON"), e.getMessage());
    }

    @Test
    void retryAfterIsCappedAndParsedAsSecondsOrHttpDate() {
        Duration ms5 = Duration.ofMillis(5);
        assertEquals(MlflowHttpClient.MAX_RETRY_AFTER_MS,
                MlflowHttpClient.backoffMillis(ms5, 0, Duration.ofHours(1), 0.5), "an hour-long Retry-After is capped");
        assertEquals(2_000, MlflowHttpClient.backoffMillis(ms5, 0, Duration.ofSeconds(2), 0.99));
        // without Retry-After: exponential, jittered within [base/2, base], never above the cap
        assertEquals(20, MlflowHttpClient.backoffMillis(Duration.ofMillis(10), 2, null, 0.0));
        assertEquals(40, MlflowHttpClient.backoffMillis(Duration.ofMillis(10), 2, null, 0.999));
        assertTrue(MlflowHttpClient.backoffMillis(Duration.ofSeconds(1), 30, null, 0.999) <= MlflowHttpClient.MAX_BACKOFF_MS);
        // a Retry-After shorter than our own backoff does not shorten it
        assertEquals(20, MlflowHttpClient.backoffMillis(Duration.ofMillis(10), 2, Duration.ofMillis(1), 0.0));

        java.time.Instant now = java.time.Instant.parse("2025-01-02T03:04:05Z");
        assertEquals(Duration.ofSeconds(7), MlflowHttpClient.parseRetryAfter(" 7 ", now));
        assertEquals(Duration.ofSeconds(30), MlflowHttpClient.parseRetryAfter("Thu, 02 Jan 2025 03:04:35 GMT", now));
        assertEquals(Duration.ZERO, MlflowHttpClient.parseRetryAfter("Thu, 02 Jan 2025 03:00:00 GMT", now));
        assertNull(MlflowHttpClient.parseRetryAfter("soon", now));
        assertNull(MlflowHttpClient.parseRetryAfter("-3", now));
    }

}
