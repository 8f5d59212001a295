package dev.handoff.runs.source.rest;

import com.sun.net.httpserver.HttpServer;
import dev.handoff.runs.MetricSeries;
import dev.handoff.runs.RunQuery;
import dev.handoff.runs.cache.HistoryStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A finished run's histories are kept on disk: a second source on the same server (the experiment opened again, in
 * this process or the next) reads them without any get-history request, exactly; a running run's are fetched every
 * time, and a run that finished again (a new end time) is fetched anew.
 */
class PersistentHistoryTest {
    @TempDir
    Path dir;
    private HttpServer server;
    private final Map<String, AtomicInteger> historyRequests = new ConcurrentHashMap<>();
    private volatile long finishedEnd = 2000;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            String path = ex.getRequestURI().getPath();
            String query = ex.getRequestURI().getQuery();
            String json;
            if (path.endsWith("/runs/search")) {
                json = "{\"runs\": [" + run("done", "FINISHED", finishedEnd) + ", " + run("live", "RUNNING", -1) + "]}";
            } else if (path.endsWith("/metrics/get-history")) {
                String runId = query.replaceAll(".*run_id=([a-z]+).*", "$1");
                historyRequests.computeIfAbsent(runId, k -> new AtomicInteger()).incrementAndGet();
                json = "{\"metrics\": [{\"key\": \"loss\", \"value\": 0.5, \"timestamp\": 10, \"step\": 0},"
                        + " {\"key\": \"loss\", \"value\": \"NaN\", \"timestamp\": 11, \"step\": 1},"
                        + " {\"key\": \"loss\", \"value\": \"Infinity\", \"timestamp\": 12, \"step\": 2}]}";
            } else {
                json = "{}";
            }
            byte[] b = json.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        server.start();
    }

    private static String run(String id, String status, long end) {
        return "{\"info\": {\"run_id\": \"" + id + "\", \"experiment_id\": \"1\", \"status\": \"" + status
                + "\", \"start_time\": 1000" + (end >= 0 ? ", \"end_time\": " + end : "")
                + ", \"lifecycle_stage\": \"active\", \"artifact_uri\": \"mlflow-artifacts:/1/" + id + "\"},"
                + " \"data\": {\"metrics\": [{\"key\": \"loss\", \"value\": 1, \"timestamp\": 12, \"step\": 2}]}}";
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private MetricSeries[] open(HistoryStore store) throws Exception {
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        try (MlflowRestSource source = new MlflowRestSource(RestConfig.of(url, RestAuth.none()), store)) {
            source.searchRuns(RunQuery.of(List.of("1")));
            return new MetricSeries[]{source.getMetricHistory("done", "loss"), source.getMetricHistory("live", "loss")};
        }
    }

    @Test
    void reopeningReadsFinishedRunsFromDiskAndFetchesRunningOnes() throws Exception {
        HistoryStore store = new HistoryStore(dir.resolve("histories"));
        MetricSeries[] first = open(store);
        MetricSeries[] again = open(new HistoryStore(dir.resolve("histories"))); // a new process's store, same folder
        assertEquals(1, historyRequests.get("done").get(), "the finished run's history was fetched once");
        assertEquals(2, historyRequests.get("live").get(), "the running run's history is fetched every time");
        assertArrayEquals(first[0].steps(), again[0].steps());
        assertArrayEquals(first[0].timestamps(), again[0].timestamps());
        assertArrayEquals(first[0].values(), again[0].values(), 0.0);
        assertEquals(Double.POSITIVE_INFINITY, again[0].values()[2]);
        assertEquals(Double.NaN, again[0].values()[1]);
        try (Stream<Path> files = Files.list(dir.resolve("histories"))) {
            assertEquals(1, files.count(), "only the finished run is kept, in one entry");
        }

        finishedEnd = 3000; // the run was resumed and finished again
        open(store);
        assertEquals(2, historyRequests.get("done").get(), "a new end time is a new entry: fetched again");
    }
}
