package dev.handoff.runs.source.rest;

import dev.handoff.logging.Secrets;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.handoff.runs.SourceException;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.ThreadLocalRandom;

/**
 * HTTP to an MLflow tracking server: the {@code Authorization} header (basic or bearer), TLS trust, timeouts, retries
 * with bounded, jittered exponential backoff on 429 / 5xx / connection failures (honouring {@code Retry-After}), and
 * failures as {@link SourceException}s naming the URL and the server's {@code error_code: message}. Credentials never
 * appear in messages or in {@link #toString()}. Thread-safe.
 */
final class MlflowHttpClient {
    /** Longest wait a server's {@code Retry-After} can impose on one retry. */
    static final long MAX_RETRY_AFTER_MS = 60_000L;
    /** Longest exponential backoff step when the server gives no {@code Retry-After}. */
    static final long MAX_BACKOFF_MS = 10_000L;

    private final RestConfig config;
    private final HttpClient http;
    private final ObjectMapper json = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    MlflowHttpClient(RestConfig config) throws SourceException {
        this.config = config;
        HttpClient.Builder b = HttpClient.newBuilder()
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL);
        if (RestTls.needsContext(config)) {
            b.sslContext(RestTls.context(config));
        }
        this.http = b.build();
    }

    /** The URL of a tracking API endpoint, e.g. {@code runs/search}. */
    String url(String endpoint) {
        return config.base() + "/api/2.0/mlflow/" + endpoint;
    }

    /** An empty JSON object for a request body. */
    ObjectNode newBody() {
        return json.createObjectNode();
    }

    /** GET {@code endpoint?params}; the JSON object the server answers. */
    JsonNode get(String endpoint, Map<String, String> params) throws SourceException {
        URI uri = URI.create(url(endpoint) + (params.isEmpty() ? "" : "?" + query(params)));
        return readJson(send(HttpRequest.newBuilder(uri).GET(), HttpResponse.BodyHandlers.ofByteArray(), uri), uri);
    }

    /** POST {@code body} as JSON to {@code endpoint}; the JSON object the server answers. */
    JsonNode post(String endpoint, JsonNode body) throws SourceException {
        URI uri = URI.create(url(endpoint));
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new SourceException(uri.toString(), "cannot encode request: " + e.getMessage(), e);
        }
        HttpRequest.Builder rb = HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        return readJson(send(rb, HttpResponse.BodyHandlers.ofByteArray(), uri), uri);
    }

    /** DELETE {@code endpoint} with {@code body} as JSON (MLflow's delete calls take their arguments in the body). */
    JsonNode delete(String endpoint, JsonNode body) throws SourceException {
        URI uri = URI.create(url(endpoint));
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new SourceException(uri.toString(), "cannot encode request: " + e.getMessage(), e);
        }
        HttpRequest.Builder rb = HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .method("DELETE", HttpRequest.BodyPublishers.ofByteArray(bytes));
        return readJson(send(rb, HttpResponse.BodyHandlers.ofByteArray(), uri), uri);
    }

    /** GET {@code uri} (on this server) as a stream the caller closes. */
    InputStream download(URI uri) throws SourceException {
        return send(HttpRequest.newBuilder(uri).GET(), HttpResponse.BodyHandlers.ofInputStream(), uri).body();
    }

    private JsonNode readJson(HttpResponse<byte[]> resp, URI uri) throws SourceException {
        try {
            JsonNode node = json.readTree(resp.body());
            if (node == null || !node.isObject()) {
                throw new SourceException(uri.toString(), "expected a JSON object from the tracking server");
            }
            return node;
        } catch (IOException e) {
            throw new SourceException(uri.toString(), "the response is not JSON (is this an MLflow tracking server?): "
                    + config.auth().scrub(e.getMessage()), e);
        }
    }

    /** Sends with retries; returns only 2xx responses, anything else becomes a SourceException naming the URL. */
    private <T> HttpResponse<T> send(HttpRequest.Builder rb, HttpResponse.BodyHandler<T> handler, URI uri)
            throws SourceException {
        rb.timeout(config.requestTimeout()).header("Accept", "application/json").header("User-Agent", "handoff-workbench");
        String authHeader = config.auth().authorizationHeader();
        if (authHeader != null) {
            rb.header("Authorization", authHeader);
        }
        HttpRequest request = rb.build();
        String where = RestConfig.withoutUserInfo(uri);
        int attempt = 0;
        while (true) {
            if (Thread.currentThread().isInterrupted()) {
                throw new SourceException(where, "cancelled");
            }
            Duration retryAfter = null;
            String failure;
            try {
                HttpResponse<T> resp = http.send(request, handler);
                int status = resp.statusCode();
                if (status >= 200 && status < 300) {
                    return resp;
                }
                String detail = errorDetail(resp);
                if (!retryable(status)) {
                    throw new SourceException(where, statusMessage(status, detail));
                }
                failure = "HTTP " + status + detail;
                retryAfter = resp.headers().firstValue("Retry-After").map(v -> parseRetryAfter(v, Instant.now())).orElse(null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SourceException(where, "cancelled", e);
            } catch (HttpConnectTimeoutException e) {
                failure = "connect timed out after " + config.connectTimeout().toMillis() + " ms";
            } catch (HttpTimeoutException e) {
                failure = "no response within " + config.requestTimeout().toSeconds() + " s";
            } catch (ConnectException e) {
                failure = "cannot connect (is the server running at " + config.base() + "?)";
            } catch (IOException e) {
                String why = e.getMessage() == null ? e.getClass().getSimpleName() : config.auth().scrub(e.getMessage());
                failure = "connection failed: " + why;
            }
            if (attempt >= config.maxRetries()) {
                throw new SourceException(where, failure + (attempt > 0 ? " (after " + (attempt + 1) + " attempts)" : ""));
            }
            // looked up here, not held in a static field: a CLI run that needs no retry never starts logging
            LoggerFactory.getLogger(MlflowHttpClient.class).info("{}: {}; retry {} of {}", where, failure, attempt + 1,
                    config.maxRetries());
            sleepBackoff(attempt++, retryAfter, where);
        }
    }

    /** Rate limiting and the server errors a proxy or a busy server answers transiently. */
    static boolean retryable(int status) {
        return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
    }

    private void sleepBackoff(int attempt, Duration retryAfter, String where) throws SourceException {
        long delay = backoffMillis(config.initialBackoff(), attempt, retryAfter, ThreadLocalRandom.current().nextDouble());
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceException(where, "cancelled", e);
        }
    }

    /**
     * The wait before retry {@code attempt} (0-based): {@code initial · 2^attempt} capped at {@link #MAX_BACKOFF_MS},
     * jittered into its upper half by {@code jitter} ∈ [0, 1); a server's {@code Retry-After} is honoured when longer,
     * but never beyond {@link #MAX_RETRY_AFTER_MS}.
     */
    static long backoffMillis(Duration initial, int attempt, Duration retryAfter, double jitter) {
        long base = Math.min(initial.toMillis() << Math.min(attempt, 10), MAX_BACKOFF_MS);
        long delay = base / 2 + (long) (jitter * (base / 2 + 1));
        if (retryAfter != null && !retryAfter.isNegative()) {
            delay = Math.max(delay, Math.min(retryAfter.toMillis(), MAX_RETRY_AFTER_MS));
        }
        return delay;
    }

    /** {@code Retry-After} as delta-seconds or an HTTP-date (RFC 9110 §10.2.3); null when unreadable. */
    static Duration parseRetryAfter(String value, Instant now) {
        String v = value.trim();
        try {
            long seconds = Long.parseLong(v);
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration d = Duration.between(now, at);
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }

    private String statusMessage(int status, String detail) {
        switch (status) {
            case 401:
                return "authentication failed (HTTP 401) with " + config.auth().describe() + ": check the user name and "
                        + "password, or MLFLOW_TRACKING_USERNAME / MLFLOW_TRACKING_PASSWORD / MLFLOW_TRACKING_TOKEN" + detail;
            case 403:
                return "permission denied (HTTP 403) for " + config.auth().describe() + detail;
            case 404:
                return "not found (HTTP 404)" + (detail.isEmpty() ? ": is this an MLflow tracking server?" : detail);
            default:
                return "HTTP " + status + detail;
        }
    }

    /**
     * MLflow's error JSON {@code {"error_code": ..., "message": ...}}, or the start of the body, as ": ..." text, with
     * any credential the server echoes scrubbed.
     */
    private String errorDetail(HttpResponse<?> resp) {
        byte[] bytes = bodyStart(resp.body());
        if (bytes.length == 0) {
            return "";
        }
        try {
            JsonNode err = json.readTree(bytes);
            if (err != null && err.has("message")) {
                String code = err.path("error_code").asText("");
                return Secrets.mask(config.auth().scrub(": " + (code.isEmpty() ? "" : code + ": ")
                        + err.get("message").asText()));
            }
        } catch (IOException ignored) {
            // not JSON: fall through to the text
        }
        String text = new String(bytes, 0, Math.min(bytes.length, 200), StandardCharsets.UTF_8).replaceAll("\\s+", " ").trim();
        return text.isEmpty() ? "" : Secrets.mask(config.auth().scrub(": " + text));
    }

    private static byte[] bodyStart(Object body) {
        if (body instanceof byte[] b) {
            return b;
        }
        if (body instanceof InputStream in) {
            try (in) {
                return in.readNBytes(4096);
            } catch (IOException e) {
                return new byte[0];
            }
        }
        return new byte[0];
    }

    /** {@code k=v&...}, form-encoded. */
    static String query(Map<String, String> params) {
        StringJoiner j = new StringJoiner("&");
        params.forEach((k, v) -> j.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return j.toString();
    }

    /** Each {@code /}-separated segment percent-encoded (spaces as {@code %20}). */
    static String encodePath(String path) {
        StringJoiner j = new StringJoiner("/");
        for (String seg : path.split("/")) {
            j.add(URLEncoder.encode(seg, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return j.toString();
    }

    @Override
    public String toString() {
        return "MlflowHttpClient[" + config.base() + ", " + config.auth().describe() + "]";
    }
}
