package dev.handoff.sample;

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

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The bundled sample project is a real MLflow store: MLflow's own Python client reads its {@code mlruns/} file store
 * and the {@code mlflow.db} its migrate command made from it, and sees exactly the runs our readers see.
 */
class SampleStoreMlflowTest {
    static final Path PROJECT = Path.of(System.getProperty("handoff.repo", ".")).resolve("sample-projects/credit-risk");

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"mlruns", "mlflow.db"})
    void mlflowReadsTheSampleStoreExactlyAsWeDo(String store) throws Exception {
        MlflowPeer peer = MlflowPeer.require();
        Path location = PROJECT.resolve(store).toAbsolutePath();
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
    }

    static Map<String, String> text(JsonNode obj) {
        Map<String, String> m = new TreeMap<>();
        obj.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
        return m;
    }
}
