package dev.handoff.runs.source.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.handoff.peer.MlflowPeer;
import dev.handoff.runs.MetricSeries;
import dev.handoff.runs.PartialListingException;
import dev.handoff.runs.Run;
import dev.handoff.runs.RunQuery;
import dev.handoff.runs.SourceException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Paging against a real {@code mlflow server} (SQLite backend): a metric history longer than one get-history page,
 * and a run listing whose server is stopped between pages.
 */
@Tag("peer")
class MlflowRestPagingPeerTest {
    /** More than MLflow's get-history page cap ({@link MlflowRestSource#HISTORY_PAGE} = 25,000): two pages. */
    static final int LONG_HISTORY = 30_001;
    static final int RUNS = 30;
    static final int PAGE = 5;

    @TempDir
    Path tmp;

    static double num(JsonNode n) {
        return n.isNumber() ? n.asDouble() : Double.parseDouble(n.asText()); // "NaN", "Infinity", "-Infinity"
    }

    @Test
    void everyPageOfALongMetricHistoryIsReadBackIdentically() throws Exception {
        MlflowPeer peer = MlflowPeer.require();
        try (MlflowPeer.Server server = peer.requireServer("sqlite:///" + tmp.resolve("mlflow.db"), tmp.resolve("artifacts"), Map.of())) {
            Path dump = tmp.resolve("long.json");
            peer.runPython(Duration.ofMinutes(5), MlflowPeer.script("log_long_history.py").toString(),
                    server.baseUrl().toString(), dump.toString(), Integer.toString(LONG_HISTORY)).requireSuccess();
            JsonNode logged = new ObjectMapper().readTree(dump.toFile());
            JsonNode pts = logged.get("points");
            assertEquals(LONG_HISTORY, pts.size(), "MLflow's own client reads back every point");
            assertTrue(LONG_HISTORY > MlflowRestSource.HISTORY_PAGE);

            try (MlflowRestSource src = new MlflowRestSource(RestConfig.of(server.baseUrl(), RestAuth.none()))) {
                MetricSeries s = src.getMetricHistory(logged.get("run_id").asText(), logged.get("key").asText());
                assertEquals(LONG_HISTORY, s.size(), "not truncated at one page of " + MlflowRestSource.HISTORY_PAGE);
                int nonFinite = 0;
                for (int i = 0; i < pts.size(); i++) {
                    JsonNode p = pts.get(i);
                    assertEquals(p.get(0).asLong(), s.steps()[i], "step [" + i + "]");
                    assertEquals(p.get(1).asLong(), s.timestamps()[i], "timestamp [" + i + "]");
                    double expected = num(p.get(2));
                    assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(s.values()[i]),
                            "value [" + i + "]: " + expected + " vs " + s.values()[i]);
                    nonFinite += Double.isFinite(expected) ? 0 : 1;
                }
                assertEquals(1, nonFinite, "the NaN at step 12,345 came back as NaN");
                assertTrue(Double.isNaN(s.values()[12_345]));
                // +inf: MLflow's SQL store keeps it as the largest double (or inf); we read what MLflow's client reads
                assertTrue(s.values()[25_000] >= Double.MAX_VALUE, "step 25,000: " + s.values()[25_000]);
                assertEquals(LONG_HISTORY - 1, s.steps()[LONG_HISTORY - 1], "the last page was read");
            }
        }
    }

    @Test
    void aServerStoppedMidListingKeepsThePagesReadAndNamesTheUrl() throws Exception {
        MlflowPeer peer = MlflowPeer.require();
        MlflowPeer.Server server = peer.requireServer("sqlite:///" + tmp.resolve("many.db"), tmp.resolve("many-artifacts"), Map.of());
        try {
            JsonNode logged = logManyRuns(peer, server, tmp);
            String base = server.baseUrl().toString();
            try (StopServerAfterPages src = new StopServerAfterPages(
                    new MlflowRestSource(RestConfig.of(server.baseUrl(), RestAuth.none()).withRetries(1, Duration.ofMillis(20))),
                    PAGE, 2, server::close)) {
                PartialListingException e = assertThrows(PartialListingException.class,
                        () -> src.searchAllRuns(RunQuery.of(List.of(logged.get("experiment_id").asText()))));
                assertFalse(server.isAlive(), "the server was stopped after page 2");
                assertEquals(2, src.pagesRead());
                assertTrue(e.getMessage().startsWith(base + "/api/2.0/mlflow/runs/search: "), e.getMessage());
                assertTrue(e.getMessage().contains("cannot connect") || e.getMessage().contains("connection failed"), e.getMessage());
                assertTrue(e.loaded().hasNext(), "the page that failed is still to be read");

                List<Run> kept = e.loaded().runs();
                assertEquals(2 * PAGE, kept.size());
                List<String> expectedIds = new ArrayList<>();
                for (int i = 0; i < 2 * PAGE; i++) {
                    expectedIds.add(logged.get("runs").get(i).get("run_id").asText());
                }
                assertEquals(expectedIds, kept.stream().map(Run::id).toList(), "the first two pages, in the server's order");
                for (int i = 0; i < kept.size(); i++) {
                    JsonNode r = logged.get("runs").get(i);
                    assertEquals(r.get("run_name").asText(), kept.get(i).info().runName());
                    assertEquals(r.get("params").get("i").asText(), kept.get(i).params().get("i"));
                    assertEquals(r.get("params").get("lr").asText(), kept.get(i).params().get("lr"));
                }
            }
        } finally {
            server.close();
        }
    }

    /** Logs {@link #RUNS} runs with MLflow's client; the dump lists them in the server's default order. */
    public static JsonNode logManyRuns(MlflowPeer peer, MlflowPeer.Server server, Path dir) throws Exception {
        Path dump = dir.resolve("many.json");
        peer.runPython(Duration.ofMinutes(5), MlflowPeer.script("log_many_runs.py").toString(),
                server.baseUrl().toString(), dump.toString(), Integer.toString(RUNS)).requireSuccess();
        JsonNode logged = new ObjectMapper().readTree(dump.toFile());
        assertEquals(RUNS, logged.get("runs").size());
        return logged;
    }

    @Test
    void aFailingFirstPageIsAPlainSourceException() throws Exception {
        // nothing was read: no partial listing to keep
        try (MlflowRestSource src = new MlflowRestSource(RestConfig.of(java.net.URI.create("http://127.0.0.1:1"), RestAuth.none())
                .withRetries(0, Duration.ofMillis(10)))) {
            SourceException e = assertThrows(SourceException.class, () -> src.searchAllRuns(RunQuery.of(List.of("0"))));
            assertFalse(e instanceof PartialListingException, e.toString());
            assertTrue(e.getMessage().startsWith("http://127.0.0.1:1/api/2.0/mlflow/runs/search: "), e.getMessage());
        }
    }
}
