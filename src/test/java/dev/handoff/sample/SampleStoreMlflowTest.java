package dev.handoff.sample;

import org.junit.jupiter.api.Tag;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.handoff.peer.MlflowPeer;
import dev.handoff.runs.Experiment;
import dev.handoff.runs.Run;
import dev.handoff.runs.RunPage;
import dev.handoff.runs.RunQuery;
import dev.handoff.runs.RunSource;
import dev.handoff.runs.ViewType;
import dev.handoff.runs.source.file.FileStoreSource;
import dev.handoff.runs.source.sqlite.SqliteStoreSource;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The bundled sample project is a real MLflow store: MLflow's own Python client reads its {@code mlruns/} file store
 * and the {@code mlflow.db} its migrate command made from it, and sees exactly the runs our readers see.
 */
@Tag("peer")
class SampleStoreMlflowTest {
    static final Path PROJECT = Path.of(System.getProperty("handoff.repo", ".")).resolve("sample-projects/credit-risk");

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"mlruns", "mlflow.db"})
    void mlflowReadsTheSampleStoreExactlyAsWeDo(String store) throws Exception {
        MlflowPeer peer = MlflowPeer.require();
        // MLflow's client writes into a store it opens (mlruns/.trash, SQLite journal files): give it a copy, so the
        // committed sample stays exactly as committed
        Path location = copy(PROJECT.resolve(store), tmp.resolve("store").resolve(store)).toAbsolutePath();
        Map<Path, String> before = contents(PROJECT.resolve(store));
        String uri = store.endsWith(".db") ? "sqlite:///" + location : location.toUri().toString();
        Path out = tmp.resolve("dump.json");
        peer.runPython(tmp, Duration.ofMinutes(3), Map.of("MLFLOW_ALLOW_FILE_STORE", "true"),
                MlflowPeer.script("search_runs_store.py").toString(), uri, out.toString()).requireSuccess();
        JsonNode dump = new ObjectMapper().readTree(out.toFile());

        try (RunSource ours = store.endsWith(".db") ? new SqliteStoreSource(location) : new FileStoreSource(location)) {
            List<Experiment> exps = ours.listExperiments(ViewType.ALL).experiments();
            assertEquals(dump.get("experiments").size(), exps.size(), "experiments");
            RunPage runs = ours.searchAllRuns(RunQuery.of(exps.stream().map(Experiment::id).toList()).withViewType(ViewType.ALL));
            assertTrue(runs.problems().isEmpty(), runs.problems().toString());
            assertEquals(dump.get("runs").size(), runs.runs().size(), "runs");
            assertTrue(runs.runs().size() >= 9, "the sample has a sweep of runs");
            Map<String, Run> byId = new HashMap<>();
            runs.runs().forEach(r -> byId.put(r.id(), r));
            for (JsonNode e : dump.get("runs")) {
                Run r = byId.get(e.get("run_id").asText());
                assertNotNull(r, e.get("run_id").asText());
                assertEquals(e.get("run_name").asText(), r.displayName());
                assertEquals(e.get("experiment_id").asText(), r.info().experimentId());
                assertEquals(e.get("status").asText(), r.info().status().name());
                assertEquals(e.get("start_time").asLong(), r.info().startTime());
                assertEquals(e.get("end_time").asLong(), r.info().endTime());
                assertEquals(e.get("user_id").asText(), r.info().userId());
                assertEquals(text(e.get("params")), r.params());
                assertEquals(text(e.get("tags")), r.tags());
                Map<String, Double> latest = new TreeMap<>();
                r.latestMetrics().forEach((k, m) -> latest.put(k, m.value()));
                Map<String, Double> expected = new TreeMap<>();
                e.get("metrics").fields().forEachRemaining(m -> expected.put(m.getKey(), m.getValue().isNumber()
                        ? m.getValue().asDouble() : Double.parseDouble(m.getValue().asText())));
                assertEquals(expected, latest, r.displayName());
            }
        }
        assertEquals(before, contents(PROJECT.resolve(store)), "the committed sample is left exactly as it was");
    }

    /** Copies a file or a folder tree to {@code target}; returns {@code target}. */
    static Path copy(Path source, Path target) throws IOException {
        try (Stream<Path> s = Files.walk(source)) {
            for (Path p : s.toList()) {
                Path t = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.createDirectories(t.getParent());
                    Files.copy(p, t);
                }
            }
        }
        return target;
    }

    /** Every file of the store's folder (the sample project folder for {@code mlflow.db}) with its SHA-256. */
    static Map<Path, String> contents(Path root) throws Exception {
        Map<Path, String> m = new TreeMap<>();
        Path dir = Files.isDirectory(root) ? root : root.getParent();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                m.put(dir.relativize(p), HexFormat.of().formatHex(
                        MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
            }
        }
        return m;
    }

    static Map<String, String> text(JsonNode obj) {
        Map<String, String> m = new TreeMap<>();
        obj.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
        return m;
    }
}
