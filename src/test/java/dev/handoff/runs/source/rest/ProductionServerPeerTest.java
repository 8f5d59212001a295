package dev.handoff.runs.source.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.handoff.peer.MlflowPeer;
import dev.handoff.peer.ProductionServer;
import dev.handoff.runs.Run;
import dev.handoff.runs.RunPage;
import dev.handoff.runs.RunQuery;
import dev.handoff.runs.SourceException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The REST source against an {@code mlflow server} set up as production runs it — PostgreSQL backend store, S3
 * artifact store (moto), basic auth ({@link ProductionServer}) — into which MLflow's own client logged the experiment
 * of {@link MlflowServerPeerTest}: every run, param, tag, metric point and artifact reads back identically (artifacts
 * through the server's proxy from S3), and an experiment of 10,000 runs lists completely, in the server's order.
 * The registry against this server is in {@code RegistryPeerTest}.
 */
@Tag("peer")
class ProductionServerPeerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MANY = 10_000;

    @TempDir
    static Path tmp;
    static MlflowPeer peer;
    static MlflowPeer.Server server;
    static JsonNode logged;

    @BeforeAll
    static void startServerAndLog() throws Exception {
        peer = ProductionServer.peer();
        server = ProductionServer.get();
        Path dump = tmp.resolve("logged.json");
        peer.runPython(tmp, Duration.ofMinutes(5), ProductionServer.AUTH,
                MlflowPeer.script("log_remote_experiment.py").toString(), server.baseUrl().toString(),
                dump.toString()).requireSuccess();
        logged = JSON.readTree(dump.toFile());
    }

    static MlflowRestSource source() throws SourceException {
        return new MlflowRestSource(RestConfig.fromEnvironment(server.baseUrl(), ProductionServer.AUTH)
                .withRetries(1, Duration.ofMillis(50)));
    }

    @Test
    void everyRunParamTagMetricPointAndArtifactIsReadBackIdentically() throws Exception {
        try (MlflowRestSource src = source()) {
            MlflowServerPeerTest.assertReadBackIdentically(src, logged);
        }
    }

    @Test
    void artifactsDownloadFromS3ThroughTheProxy() throws Exception {
        try (MlflowRestSource src = source()) {
            MlflowServerPeerTest.assertArtifactsDownload(src, logged);
            for (JsonNode r : logged.get("runs")) {
                String uri = r.get("artifact_uri").asText();
                assertTrue(uri.startsWith("mlflow-artifacts:/"), "artifacts are proxied to S3, got " + uri);
            }
        }
    }

    @Test
    void tenThousandRunsListCompletelyInTheServersOrder() throws Exception {
        Path dump = tmp.resolve("many.json");
        peer.runPython(tmp, Duration.ofMinutes(10), ProductionServer.AUTH,
                MlflowPeer.script("bulk_runs_postgres.py").toString(), ProductionServer.backendUri(),
                server.baseUrl().toString(), dump.toString(), Integer.toString(MANY)).requireSuccess();
        JsonNode many = JSON.readTree(dump.toFile());
        List<String> expected = new ArrayList<>();
        many.get("run_ids").forEach(n -> expected.add(n.asText()));
        assertEquals(MANY, expected.size(), "MLflow's client lists every run");

        try (MlflowRestSource src = source()) {
            AtomicInteger pages = new AtomicInteger();
            RunPage all = src.searchAllRuns(RunQuery.of(List.of(many.get("experiment_id").asText()))
                    .withMaxResults(1000), loaded -> pages.incrementAndGet());
            assertTrue(all.problems().isEmpty(), all.problems().toString());
            assertEquals(expected, all.runs().stream().map(Run::id).toList());
            assertTrue(pages.get() >= MANY / 1000, "paged " + pages.get() + " times");
            Run last = all.runs().get(all.runs().size() - 1);
            assertEquals("bulk-00000", last.displayName());
            assertEquals("0", last.params().get("i"));
            assertEquals(1.0, last.latestMetrics().get("loss").value(), 0.0);
            RunPage filtered = src.searchAllRuns(RunQuery.of(List.of(many.get("experiment_id").asText()))
                    .withFilter("params.lr = '0.05' AND metrics.loss < 0.001"));
            long want = 0;
            for (int i = 0; i < MANY; i++) {
                if (i % 5 == 4 && 1.0 / (i + 1) < 0.001) {
                    want++;
                }
            }
            assertEquals(want, filtered.runs().size(), "the server's filter over 10,000 runs");
        }
    }
}
