package dev.handoff.runs.source.rest;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.handoff.logging.Secrets;
import dev.handoff.runs.ArtifactRef;
import dev.handoff.runs.Experiment;
import dev.handoff.runs.ExperimentList;
import dev.handoff.runs.LifecycleStage;
import dev.handoff.runs.LoadProblem;
import dev.handoff.runs.Metric;
import dev.handoff.runs.MetricSeries;
import dev.handoff.runs.Run;
import dev.handoff.runs.RunInfo;
import dev.handoff.runs.RunPage;
import dev.handoff.runs.RunQuery;
import dev.handoff.runs.RunSource;
import dev.handoff.runs.RunStatus;
import dev.handoff.runs.SourceException;
import dev.handoff.runs.ViewType;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.slf4j.LoggerFactory;

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
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.ThreadLocalRandom;

/**
 * An MLflow tracking server over its REST API ({@code /api/2.0/mlflow/...}). Follows page tokens, retries 429 / 5xx /
 * connection failures with bounded exponential backoff, and turns 401/403/404 into messages naming the URL.
 * Metric histories are cached (small LRU) so re-opening a chart does not refetch. Thread-safe.
 */
public final class MlflowRestSource implements RunSource {
    /** MLflow's page cap for metrics/get-history. */
    static final int HISTORY_PAGE = 25_000;
    private static final int EXPERIMENT_PAGE = 1000;
    private static final int ARTIFACT_LIST_MAX_PAGES = 10_000;
    private static final long MAX_CACHED_POINTS = 20_000_000L;

    private final RestConfig config;
    private final HttpClient http;
    private final ObjectMapper json = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();
    private final Map<String, MetricSeries> historyCache = new LinkedHashMap<>(64, 0.75f, true);
    private long cachedPoints;
    private final Map<String, String> artifactUris = new HashMap<>();

    public MlflowRestSource(RestConfig config) throws SourceException {
        this.config = config;
        HttpClient.Builder b = HttpClient.newBuilder()
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL);
        if (config.insecureTls() || config.serverCertPath() != null) {
            b.sslContext(sslContext(config));
        }
        this.http = b.build();
    }

    public RestConfig config() {
        return config;
    }

    @Override
    public String describe() {
        return "MLflow tracking server " + config.base() + " (" + config.auth().describe() + ")";
    }

    // ---------------------------------------------------------------- experiments and runs

    @Override
    public ExperimentList listExperiments(ViewType viewType) throws SourceException {
        List<Experiment> out = new ArrayList<>();
        List<LoadProblem> problems = new ArrayList<>();
        String token = null;
        do {
            ObjectNode body = json.createObjectNode();
            body.put("max_results", EXPERIMENT_PAGE);
            body.put("view_type", viewType.name());
            if (token != null) {
                body.put("page_token", token);
            }
            JsonNode resp = post("experiments/search", body);
            for (JsonNode e : resp.path("experiments")) {
                try {
                    out.add(experiment(e));
                } catch (RuntimeException ex) {
                    problems.add(new LoadProblem("experiment", e.path("experiment_id").asText(""),
                            url("experiments/search"), 0, "unreadable experiment: " + ex.getMessage()).logged(ex));
                }
            }
            token = nextToken(resp);
        } while (token != null);
        return new ExperimentList(out, problems);
    }

    @Override
    public RunPage searchRuns(RunQuery query) throws SourceException {
        ObjectNode body = json.createObjectNode();
        ArrayNode ids = body.putArray("experiment_ids");
        query.experimentIds().forEach(ids::add);
        if (!query.filter().isBlank()) {
            body.put("filter", query.filter());
        }
        body.put("run_view_type", query.viewType().name());
        body.put("max_results", query.maxResults());
        if (!query.orderBy().isEmpty()) {
            ArrayNode order = body.putArray("order_by");
            query.orderBy().forEach(order::add);
        }
        if (query.pageToken() != null) {
            body.put("page_token", query.pageToken());
        }
        JsonNode resp = post("runs/search", body);
        List<Run> runs = new ArrayList<>();
        List<LoadProblem> problems = new ArrayList<>();
        for (JsonNode r : resp.path("runs")) {
            try {
                runs.add(run(r));
            } catch (RuntimeException ex) {
                problems.add(new LoadProblem("run", r.path("info").path("run_id").asText(""), url("runs/search"), 0,
                        "unreadable run: " + ex.getMessage()).logged(ex));
            }
        }
        return new RunPage(runs, problems, nextToken(resp));
    }

    @Override
    public Run getRun(String runId) throws SourceException {
        JsonNode resp = get("runs/get", Map.of("run_id", runId));
        try {
            return run(resp.path("run"));
        } catch (RuntimeException ex) {
            throw new SourceException(url("runs/get"), "unreadable run " + runId + ": " + ex.getMessage(), ex);
        }
    }

    @Override
    public MetricSeries getMetricHistory(String runId, String metricKey) throws SourceException {
        String cacheKey = runId + '\u0000' + metricKey;
        synchronized (historyCache) {
            MetricSeries cached = historyCache.get(cacheKey);
            if (cached != null) {
                return cached;
            }
        }
        List<long[]> stepChunks = new ArrayList<>();
        List<double[]> valueChunks = new ArrayList<>();
        List<long[]> timeChunks = new ArrayList<>();
        int total = 0;
        String token = null;
        do {
            Map<String, String> params = new LinkedHashMap<>();
            params.put("run_id", runId);
            params.put("metric_key", metricKey);
            params.put("max_results", Integer.toString(HISTORY_PAGE));
            if (token != null) {
                params.put("page_token", token);
            }
            JsonNode resp = get("metrics/get-history", params);
            JsonNode metrics = resp.path("metrics");
            int n = metrics.size();
            long[] s = new long[n];
            double[] v = new double[n];
            long[] t = new long[n];
            for (int i = 0; i < n; i++) {
                JsonNode m = metrics.get(i);
                s[i] = asLong(m.path("step"), 0);
                v[i] = asDouble(m.path("value"));
                t[i] = asLong(m.path("timestamp"), 0);
            }
            stepChunks.add(s);
            valueChunks.add(v);
            timeChunks.add(t);
            total += n;
            token = nextToken(resp);
        } while (token != null);
        MetricSeries series = sortedSeries(runId, metricKey, stepChunks, valueChunks, timeChunks, total);
        synchronized (historyCache) {
            MetricSeries previous = historyCache.put(cacheKey, series);
            cachedPoints += series.size() - (previous == null ? 0 : previous.size());
            var it = historyCache.entrySet().iterator();
            while (cachedPoints > MAX_CACHED_POINTS && it.hasNext()) {
                var eldest = it.next();
                if (eldest.getKey().equals(cacheKey)) {
                    continue;
                }
                cachedPoints -= eldest.getValue().size();
                it.remove();
            }
        }
        return series;
    }

    /** Forgets cached metric histories (e.g. on an explicit reload while runs are still logging). */
    public void clearCache() {
        synchronized (historyCache) {
            historyCache.clear();
            cachedPoints = 0;
        }
    }

    // ---------------------------------------------------------------- artifacts

    @Override
    public List<ArtifactRef> listArtifacts(String runId, String path) throws SourceException {
        List<ArtifactRef> out = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            Map<String, String> params = new LinkedHashMap<>();
            params.put("run_id", runId);
            if (path != null && !path.isEmpty()) {
                params.put("path", path);
            }
            if (token != null) {
                params.put("page_token", token);
            }
            JsonNode resp = get("artifacts/list", params);
            for (JsonNode f : resp.path("files")) {
                boolean dir = f.path("is_dir").asBoolean(false);
                out.add(new ArtifactRef(runId, f.path("path").asText(), dir,
                        dir ? -1 : asLong(f.path("file_size"), -1)));
            }
            token = nextToken(resp);
        } while (token != null && ++pages < ARTIFACT_LIST_MAX_PAGES);
        return out;
    }

    @Override
    public InputStream openArtifact(String runId, String path) throws SourceException {
        if (path == null || path.isEmpty() || path.startsWith("/") || Arrays.asList(path.split("/")).contains("..")) {
            throw new SourceException(config.base(), "artifact path must be relative without '..', got '" + path + "'");
        }
        String artifactUri = artifactUri(runId);
        URI uri;
        if (artifactUri.startsWith("mlflow-artifacts:")) {
            // mlflow-artifacts:/<exp>/<run>/artifacts or mlflow-artifacts://host/<exp>/...: the proxy path is the URI path.
            String rest = URI.create(artifactUri).getPath();
            rest = rest.startsWith("/") ? rest.substring(1) : rest;
            uri = URI.create(config.base() + "/api/2.0/mlflow-artifacts/artifacts/" + encodePath(rest + "/" + path));
        } else {
            uri = URI.create(config.base() + "/get-artifact?" + query(Map.of("run_uuid", runId, "path", path)));
        }
        HttpResponse<InputStream> resp = send(HttpRequest.newBuilder(uri).GET(), HttpResponse.BodyHandlers.ofInputStream(), uri);
        return resp.body();
    }

    private String artifactUri(String runId) throws SourceException {
        synchronized (artifactUris) {
            String cached = artifactUris.get(runId);
            if (cached != null) {
                return cached;
            }
        }
        String uri = getRun(runId).info().artifactUri();
        synchronized (artifactUris) {
            artifactUris.put(runId, uri);
        }
        return uri;
    }

    // ---------------------------------------------------------------- JSON → domain

    private Experiment experiment(JsonNode e) {
        Map<String, String> tags = new HashMap<>();
        for (JsonNode t : e.path("tags")) {
            tags.put(t.path("key").asText(), t.path("value").asText(""));
        }
        return new Experiment(required(e, "experiment_id"), required(e, "name"), e.path("artifact_location").asText(""),
                LifecycleStage.parse(e.path("lifecycle_stage").asText("active")),
                asLong(e.path("creation_time"), -1), asLong(e.path("last_update_time"), -1), tags);
    }

    private Run run(JsonNode r) {
        JsonNode info = r.path("info");
        String runId = info.hasNonNull("run_id") ? info.get("run_id").asText() : required(info, "run_uuid");
        RunInfo ri = new RunInfo(runId, info.path("run_name").asText(""), required(info, "experiment_id"),
                info.path("user_id").asText(""), RunStatus.parse(info.path("status").asText("RUNNING")),
                asLong(info.path("start_time"), -1), asLong(info.path("end_time"), -1),
                info.path("artifact_uri").asText(""), LifecycleStage.parse(info.path("lifecycle_stage").asText("active")));
        JsonNode data = r.path("data");
        Map<String, String> params = new HashMap<>();
        for (JsonNode p : data.path("params")) {
            params.put(p.path("key").asText(), p.path("value").asText(""));
        }
        Map<String, String> tags = new HashMap<>();
        for (JsonNode t : data.path("tags")) {
            tags.put(t.path("key").asText(), t.path("value").asText(""));
        }
        Map<String, Metric> metrics = new HashMap<>();
        for (JsonNode m : data.path("metrics")) {
            Metric metric = new Metric(m.path("key").asText(), asDouble(m.path("value")),
                    asLong(m.path("timestamp"), 0), asLong(m.path("step"), 0));
            metrics.merge(metric.key(), metric, (a, b) -> b.isLaterThan(a) ? b : a);
        }
        synchronized (artifactUris) {
            artifactUris.put(runId, ri.artifactUri());
        }
        return new Run(ri, params, tags, metrics);
    }

    private static String required(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull() || v.asText().isEmpty()) {
            throw new IllegalArgumentException("field '" + field + "' is missing");
        }
        return v.asText();
    }

    /** int64 fields arrive as JSON numbers from new servers and as strings from old ones. */
    static long asLong(JsonNode n, long missing) {
        if (n == null || n.isMissingNode() || n.isNull()) {
            return missing;
        }
        if (n.isNumber()) {
            return n.asLong();
        }
        String s = n.asText().trim();
        if (s.isEmpty()) {
            return missing;
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected an integer, got '" + s + "'");
        }
    }

    static double asDouble(JsonNode n) {
        if (n == null || n.isMissingNode() || n.isNull()) {
            return Double.NaN;
        }
        if (n.isNumber()) {
            return n.asDouble();
        }
        String s = n.asText().trim();
        switch (s) {
            case "NaN": case "nan": return Double.NaN;
            case "Infinity": case "inf": case "+Infinity": return Double.POSITIVE_INFINITY;
            case "-Infinity": case "-inf": return Double.NEGATIVE_INFINITY;
            default:
                try {
                    return Double.parseDouble(s);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("expected a number, got '" + s + "'");
                }
        }
    }

    private static String nextToken(JsonNode resp) {
        String t = resp.path("next_page_token").asText("");
        return t.isEmpty() ? null : t;
    }

    private static MetricSeries sortedSeries(String runId, String key, List<long[]> sc, List<double[]> vc,
                                             List<long[]> tc, int total) {
        long[] steps = new long[total];
        double[] values = new double[total];
        long[] times = new long[total];
        int off = 0;
        for (int c = 0; c < sc.size(); c++) {
            int n = sc.get(c).length;
            System.arraycopy(sc.get(c), 0, steps, off, n);
            System.arraycopy(vc.get(c), 0, values, off, n);
            System.arraycopy(tc.get(c), 0, times, off, n);
            off += n;
        }
        boolean sorted = true;
        for (int i = 1; i < total && sorted; i++) {
            sorted = steps[i - 1] < steps[i] || (steps[i - 1] == steps[i] && times[i - 1] <= times[i]);
        }
        if (!sorted) {
            Integer[] idx = new Integer[total];
            for (int i = 0; i < total; i++) {
                idx[i] = i;
            }
            Arrays.sort(idx, (a, b) -> steps[a] != steps[b] ? Long.compare(steps[a], steps[b]) : Long.compare(times[a], times[b]));
            long[] s2 = new long[total];
            double[] v2 = new double[total];
            long[] t2 = new long[total];
            for (int i = 0; i < total; i++) {
                s2[i] = steps[idx[i]];
                v2[i] = values[idx[i]];
                t2[i] = times[idx[i]];
            }
            return new MetricSeries(runId, key, s2, v2, t2);
        }
        return new MetricSeries(runId, key, steps, values, times);
    }

    // ---------------------------------------------------------------- HTTP

    private String url(String endpoint) {
        return config.base() + "/api/2.0/mlflow/" + endpoint;
    }

    private JsonNode get(String endpoint, Map<String, String> params) throws SourceException {
        URI uri = URI.create(url(endpoint) + (params.isEmpty() ? "" : "?" + query(params)));
        return readJson(send(HttpRequest.newBuilder(uri).GET(), HttpResponse.BodyHandlers.ofByteArray(), uri), uri);
    }

    private JsonNode post(String endpoint, JsonNode body) throws SourceException {
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

    private JsonNode readJson(HttpResponse<byte[]> resp, URI uri) throws SourceException {
        try {
            JsonNode node = json.readTree(resp.body());
            if (node == null || !node.isObject()) {
                throw new SourceException(uri.toString(), "expected a JSON object from the tracking server");
            }
            return node;
        } catch (IOException e) {
            throw new SourceException(uri.toString(), "the response is not JSON (is this an MLflow tracking server?): "
                    + e.getMessage(), e);
        }
    }

    /** Sends with retries; returns only 2xx responses, anything else becomes a SourceException naming the URL. */
    private <T> HttpResponse<T> send(HttpRequest.Builder rb, HttpResponse.BodyHandler<T> handler, URI uri)
            throws SourceException {
        rb.timeout(config.requestTimeout()).header("Accept", "application/json");
        rb.header("User-Agent", "handoff-workbench");
        String authHeader = config.auth().authorizationHeader();
        if (authHeader != null) {
            rb.header("Authorization", authHeader);
        }
        HttpRequest request = rb.build();
        String where = redact(uri);
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
                if (status == 429 || status == 500 || status == 502 || status == 503 || status == 504) {
                    failure = "HTTP " + status + detail;
                    retryAfter = retryAfter(resp);
                } else {
                    throw new SourceException(where, statusMessage(status, detail));
                }
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
                failure = "connection failed: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            }
            if (attempt >= config.maxRetries()) {
                throw new SourceException(where, failure + (attempt > 0 ? " (after " + (attempt + 1) + " attempts)" : ""));
            }
            // looked up here, not held in a static field: a CLI run that needs no retry never starts logging
            LoggerFactory.getLogger(MlflowRestSource.class).info("{}: {}; retry {} of {}", where, failure, attempt + 1,
                    config.maxRetries());
            sleepBackoff(attempt++, retryAfter, where);
        }
    }

    /** Longest wait a server's {@code Retry-After} can impose on one retry. */
    static final long MAX_RETRY_AFTER_MS = 60_000L;
    /** Longest exponential backoff step when the server gives no {@code Retry-After}. */
    static final long MAX_BACKOFF_MS = 10_000L;

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

    private static Duration retryAfter(HttpResponse<?> resp) {
        return resp.headers().firstValue("Retry-After").map(v -> parseRetryAfter(v, Instant.now())).orElse(null);
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
                return "authentication failed (HTTP 401) with " + config.auth().describe()
                        + ": check the user name and password, or MLFLOW_TRACKING_USERNAME / MLFLOW_TRACKING_PASSWORD / MLFLOW_TRACKING_TOKEN" + detail;
            case 403:
                return "permission denied (HTTP 403) for " + config.auth().describe() + detail;
            case 404:
                return "not found (HTTP 404)" + (detail.isEmpty() ? ": is this an MLflow tracking server?" : detail);
            default:
                return "HTTP " + status + detail;
        }
    }

    /**
     * MLflow's error JSON {@code {"error_code": ..., "message": ...}}, or the start of the body, as ": ..." text. The
     * server's words go into messages, the status bar and the log, so our own credentials are cut out of them (a
     * proxy's error page may echo the request) and anything else that looks like one is masked.
     */
    private String errorDetail(HttpResponse<?> resp) {
        return Secrets.mask(config.auth().redact(serverDetail(resp)));
    }

    private String serverDetail(HttpResponse<?> resp) {
        Object body = resp.body();
        byte[] bytes;
        if (body instanceof byte[] b) {
            bytes = b;
        } else if (body instanceof InputStream in) {
            try (in) {
                bytes = in.readNBytes(4096);
            } catch (IOException e) {
                return "";
            }
        } else {
            return "";
        }
        if (bytes.length == 0) {
            return "";
        }
        try {
            JsonNode err = json.readTree(bytes);
            if (err != null && err.has("message")) {
                String code = err.path("error_code").asText("");
                return ": " + (code.isEmpty() ? "" : code + ": ") + err.get("message").asText();
            }
        } catch (IOException ignored) {
            // not JSON: fall through to the text
        }
        String text = new String(bytes, 0, Math.min(bytes.length, 200), StandardCharsets.UTF_8).replaceAll("\\s+", " ").trim();
        return text.isEmpty() ? "" : ": " + text;
    }

    private static String redact(URI uri) {
        // URLs never carry credentials here, but strip user-info if a user typed it into the tracking URI.
        if (uri.getUserInfo() == null) {
            return uri.toString();
        }
        return uri.toString().replace(uri.getRawUserInfo() + "@", "");
    }

    static String query(Map<String, String> params) {
        StringJoiner j = new StringJoiner("&");
        params.forEach((k, v) -> j.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return j.toString();
    }

    private static String encodePath(String path) {
        StringJoiner j = new StringJoiner("/");
        for (String seg : path.split("/")) {
            j.add(URLEncoder.encode(seg, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return j.toString();
    }

    private static SSLContext sslContext(RestConfig config) throws SourceException {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            if (config.insecureTls()) {
                TrustManager trustAll = new X509TrustManager() {
                    @Override public void checkClientTrusted(X509Certificate[] chain, String authType) { }
                    @Override public void checkServerTrusted(X509Certificate[] chain, String authType) { }
                    @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
                };
                ctx.init(null, new TrustManager[]{trustAll}, null);
                return ctx;
            }
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            int i = 0;
            try (InputStream in = Files.newInputStream(config.serverCertPath())) {
                for (Certificate c : cf.generateCertificates(in)) {
                    ks.setCertificateEntry("ca-" + i++, c);
                }
            }
            if (i == 0) {
                throw new SourceException(config.serverCertPath().toString(), "no certificate in this PEM file");
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new SourceException(String.valueOf(config.serverCertPath()), "cannot set up TLS: " + e.getMessage(), e);
        }
    }
}
