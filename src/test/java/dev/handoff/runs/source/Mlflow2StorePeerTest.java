package dev.handoff.runs.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.handoff.peer.MlflowPeer;
import dev.handoff.runs.DatasetInput;
import dev.handoff.runs.Experiment;
import dev.handoff.runs.ExperimentList;
import dev.handoff.runs.LifecycleStage;
import dev.handoff.runs.MetricSeries;
import dev.handoff.runs.ModelVersion;
import dev.handoff.runs.RegisteredModel;
import dev.handoff.runs.Run;
import dev.handoff.runs.RunQuery;
import dev.handoff.runs.RunSource;
import dev.handoff.runs.RunStatus;
import dev.handoff.runs.SourceException;
import dev.handoff.runs.ViewType;
import dev.handoff.runs.source.file.FileStoreSource;
import dev.handoff.runs.source.sqlite.SqliteStoreSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static dev.handoff.runs.source.RegistryPeerTest.strings;
import static dev.handoff.runs.source.RegistryPeerTest.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Stores written by an MLflow <b>2.x</b> client (its own venv, {@code mlflow-skinny} 2.22.5, the last 2.x line): a
 * file store and a SQLite store with experiments, runs (params, tags, metric histories, a dataset input), registered
 * models with versions, tags, aliases, a stage and a deleted version ({@code log_mlflow2_store.py}). Our file store and
 * SQLite sources, and {@code handoff models --json}, read back exactly what that 2.x client reads back. Teams hand over
 * stores written years ago; 2.x has no logged models and its version meta files differ from 3.x's.
 */
@Tag("peer")
class Mlflow2StorePeerTest {
    /** The MLflow 2.x client under test, with what its SQL store and pandas datasets need (skinny leaves them out). */
    static final String VERSION = "2.22.5";
    static final List<String> REQUIREMENTS = List.of("mlflow-skinny==" + VERSION, "sqlalchemy==2.0.41",
            "alembic==1.16.1", "pandas==2.2.3", "numpy==2.2.6", "scipy==1.15.3");
    static final String VENV = "mlflow-" + VERSION;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    static final Map<String, JsonNode> DUMPS = new LinkedHashMap<>();
    static final Map<String, RunSource> SOURCES = new LinkedHashMap<>();
    static final Map<String, Path> STORES = new LinkedHashMap<>();

    @BeforeAll
    static void writeStores() throws Exception {
        MlflowPeer mlflow2 = MlflowPeer.requireVenv(VENV, REQUIREMENTS,
                "import mlflow, sqlalchemy, pandas, sys; sys.exit(0 if mlflow.__version__ == '" + VERSION + "' else 3)");
        Path model = tmp.resolve("model.tribuo");
        Files.write(model, new byte[]{1, 2, 3, 4});

        Path file = Files.createDirectories(tmp.resolve("file"));
        log(mlflow2, file, file.resolve("mlruns").toString(), model, "file");
        STORES.put("file", file.resolve("mlruns"));
        SOURCES.put("file", new FileStoreSource(file.resolve("mlruns")));

        Path sql = Files.createDirectories(tmp.resolve("sqlite"));
        log(mlflow2, sql, "sqlite:///" + sql.resolve("mlflow.db"), model, "sqlite");
        STORES.put("sqlite", sql.resolve("mlflow.db"));
        SOURCES.put("sqlite", new SqliteStoreSource(sql.resolve("mlflow.db")));
    }

    private static void log(MlflowPeer peer, Path dir, String uri, Path model, String kind) throws Exception {
        Path out = dir.resolve("out.json");
        peer.runPython(dir, Duration.ofMinutes(3), Map.of(), MlflowPeer.script("log_mlflow2_store.py").toString(),
                uri, dir.resolve("art").toString(), model.toString(), out.toString()).requireSuccess();
        JsonNode dump = JSON.readTree(out.toFile());
        assertEquals(VERSION, dump.get("mlflow_version").asText());
        DUMPS.put(kind, dump);
    }

    @AfterAll
    static void close() throws Exception {
        for (RunSource s : SOURCES.values()) {
            s.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "sqlite"})
    void experimentsMatchMlflow2(String kind) throws Exception {
        ExperimentList list = SOURCES.get(kind).listExperiments(ViewType.ALL);
        assertTrue(list.problems().isEmpty(), () -> kind + " " + list.problems());
        Map<String, Experiment> byId = list.experiments().stream().collect(Collectors.toMap(Experiment::id, e -> e));
        JsonNode expected = DUMPS.get(kind).get("experiments");
        assertEquals(expected.size(), byId.size(), kind + " " + byId.keySet());
        for (JsonNode e : expected) {
            Experiment got = byId.get(e.get("experiment_id").asText());
            String what = kind + " experiment " + e.get("name").asText();
            assertTrue(got != null, what + " not read");
            assertEquals(e.get("name").asText(), got.name(), what);
            assertEquals(e.get("artifact_location").asText(), got.artifactLocation(), what);
            assertEquals(LifecycleStage.parse(e.get("lifecycle_stage").asText()), got.lifecycleStage(), what);
            assertEquals(e.get("creation_time").asLong(), got.creationTime(), what);
            assertEquals(e.get("last_update_time").asLong(), got.lastUpdateTime(), what);
            assertEquals(strings(e.get("tags")), new TreeMap<>(got.tags()), what);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "sqlite"})
    void runsAndMetricHistoriesMatchMlflow2(String kind) throws Exception {
        RunSource source = SOURCES.get(kind);
        JsonNode dump = DUMPS.get(kind);
        List<String> experimentIds = new ArrayList<>();
        dump.get("experiments").forEach(e -> experimentIds.add(e.get("experiment_id").asText()));
        List<Run> searched = source.searchAllRuns(RunQuery.of(experimentIds).withViewType(ViewType.ALL)).runs();
        assertEquals(dump.get("runs").size(), searched.size(), kind);
        Map<String, Run> byId = searched.stream().collect(Collectors.toMap(Run::id, r -> r));
        for (JsonNode e : dump.get("runs")) {
            String id = e.get("run_id").asText();
            String what = kind + " run " + e.get("run_name").asText();
            for (Run got : List.of(byId.get(id), source.getRun(id))) {
                assertEquals(e.get("run_name").asText(), got.info().runName(), what);
                assertEquals(e.get("experiment_id").asText(), got.info().experimentId(), what);
                assertEquals(e.get("user_id").asText(), got.info().userId(), what);
                assertEquals(RunStatus.parse(e.get("status").asText()), got.info().status(), what);
                assertEquals(e.get("start_time").asLong(), got.info().startTime(), what);
                assertEquals(e.get("end_time").asLong(), got.info().endTime(), what);
                assertEquals(e.get("artifact_uri").asText(), got.info().artifactUri(), what);
                assertEquals(LifecycleStage.parse(e.get("lifecycle_stage").asText()), got.info().lifecycleStage(), what);
                assertEquals(strings(e.get("params")), new TreeMap<>(got.params()), what);
                assertEquals(strings(e.get("tags")), new TreeMap<>(got.tags()), what);
                Map<String, Double> metrics = new TreeMap<>();
                got.latestMetrics().forEach((k, m) -> metrics.put(k, m.value()));
                Map<String, Double> expectedMetrics = new TreeMap<>();
                e.get("metrics").fields().forEachRemaining(m -> expectedMetrics.put(m.getKey(), value(m.getValue())));
                assertEquals(expectedMetrics, metrics, what);
            }
            e.get("history").fields().forEachRemaining(h -> {
                MetricSeries got;
                try {
                    got = source.getMetricHistory(id, h.getKey());
                } catch (SourceException ex) {
                    throw new AssertionError(what + " " + h.getKey(), ex);
                }
                List<JsonNode> points = new ArrayList<>();
                h.getValue().forEach(points::add);
                points.sort((a, b) -> Long.compare(a.get(0).asLong(), b.get(0).asLong()));
                long[] steps = points.stream().mapToLong(p -> p.get(0).asLong()).toArray();
                long[] times = points.stream().mapToLong(p -> p.get(1).asLong()).toArray();
                double[] values = points.stream().mapToDouble(p -> value(p.get(2))).toArray();
                assertArrayEquals(steps, got.steps(), what + " " + h.getKey());
                assertArrayEquals(times, got.timestamps(), what + " " + h.getKey());
                assertArrayEquals(values, got.values(), what + " " + h.getKey());
            });
        }
        String train = dump.get("logged").get("run_id").asText();
        assertEquals(5, source.getMetricHistory(train, "val/loss").size(), kind);
        assertTrue(Double.isNaN(source.getRun(dump.get("logged").get("retry").asText()).latestMetrics()
                .get("accuracy").value()), kind);
        try (InputStream in = source.openArtifact(train, "model/model.tribuo")) {
            assertArrayEquals(new byte[]{1, 2, 3, 4}, in.readAllBytes(), kind);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "sqlite"})
    void datasetInputsMatchMlflow2(String kind) throws Exception {
        JsonNode dump = DUMPS.get(kind);
        List<DatasetInput> expected = new ArrayList<>();
        for (JsonNode d : dump.get("dataset_inputs")) {
            expected.add(new DatasetInput(d.get("name").asText(), d.get("digest").asText(), d.get("source_type").asText(),
                    d.get("source").asText(), text(d.get("schema")), text(d.get("profile")), strings(d.get("tags"))));
        }
        List<DatasetInput> got = SOURCES.get(kind).getDatasetInputs(dump.get("logged").get("run_id").asText());
        assertEquals(expected, got, kind);
        assertEquals(1, got.size(), kind);
        assertEquals("training", got.get(0).context(), kind);
        assertTrue(got.get(0).schema().contains("income"), kind);
        assertEquals(List.of(), SOURCES.get(kind).getDatasetInputs(dump.get("logged").get("other_run").asText()), kind);
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "sqlite"})
    void registryMatchesMlflow2(String kind) throws Exception {
        RunSource source = SOURCES.get(kind);
        JsonNode dump = DUMPS.get(kind);
        List<RegisteredModel> models = source.listRegisteredModels();
        assertEquals(dump.get("registered_models").size(), models.size(), kind);
        List<ModelVersion> all = new ArrayList<>();
        for (int i = 0; i < models.size(); i++) {
            JsonNode e = dump.get("registered_models").get(i);
            RegisteredModel got = models.get(i);
            assertEquals(e.get("name").asText(), got.name(), kind);
            assertEquals(text(e.get("description")), got.description(), kind);
            assertEquals(strings(e.get("tags")), got.sortedTags(), kind);
            assertEquals(strings(e.get("aliases")), got.sortedAliases(), kind);
            assertEquals(e.get("creation_timestamp").asLong(), got.creationTime(), kind);
            assertEquals(e.get("last_updated_timestamp").asLong(), got.lastUpdatedTime(), kind);
            assertEquals(got, source.getRegisteredModel(got.name()), kind);
            all.addAll(source.listModelVersions(got.name()));
        }
        assertEquals(dump.get("versions").size(), all.size(), kind + " (the deleted churn/2 is left out)");
        for (int i = 0; i < all.size(); i++) {
            assertVersion(dump.get("versions").get(i), all.get(i), kind);
            assertVersion(dump.get("versions").get(i), source.getModelVersion(all.get(i).name(), all.get(i).version()), kind);
        }
        for (String alias : List.of("champion", "challenger")) {
            assertVersion(dump.get("by_alias").get(alias), source.getModelVersionByAlias("credit-risk", alias), kind);
        }
        ModelVersion v1 = source.getModelVersion("credit-risk", "1");
        assertEquals("Staging", v1.currentStage(), kind);
        assertEquals("model", v1.runArtifactPath(), kind);
        assertNull(v1.loggedModelId(), kind);
        assertThrows(SourceException.class, () -> source.getModelVersion("churn", "2"), kind);
        assertEquals(List.of(), source.loggedModelsOfRun(dump.get("logged").get("run_id").asText()), kind);
    }

    private static void assertVersion(JsonNode e, ModelVersion got, String kind) {
        String what = kind + " " + e.get("name").asText() + "/" + e.get("version").asText();
        assertEquals(e.get("name").asText(), got.name(), what);
        assertEquals(e.get("version").asText(), got.version(), what);
        assertEquals(e.get("source").asText(), got.source(), what);
        assertEquals(text(e.get("run_id")), got.runId(), what);
        assertEquals(e.get("status").asText(), got.status(), what);
        assertEquals(e.get("current_stage").asText(), got.currentStage(), what);
        assertEquals(text(e.get("description")), got.description(), what);
        assertEquals(strings(e.get("tags")), got.sortedTags(), what);
        List<String> aliases = new ArrayList<>();
        e.get("aliases").forEach(a -> aliases.add(a.asText()));
        assertEquals(aliases, got.aliases(), what);
        assertEquals(text(e.get("model_id")), got.modelId(), what);
        assertEquals(e.get("creation_timestamp").asLong(), got.creationTime(), what);
        assertEquals(e.get("last_updated_timestamp").asLong(), got.lastUpdatedTime(), what);
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "sqlite"})
    void modelsCommandPrintsWhatMlflow2Reports(String kind) throws Exception {
        JsonNode dump = DUMPS.get(kind);
        String store = STORES.get(kind).toString();
        JsonNode list = JSON.readTree(cli("models", "--store", store, "--json"));
        assertEquals(dump.get("registered_models").size(), list.size(), kind);
        for (int i = 0; i < list.size(); i++) {
            ObjectNode got = ((ObjectNode) list.get(i)).deepCopy();
            JsonNode versions = got.remove("versions");
            // the SQL store reports alias versions as integers, we print strings everywhere (the REST API's form)
            ObjectNode expectedModel = ((ObjectNode) dump.get("registered_models").get(i)).deepCopy();
            expectedModel.set("aliases", JSON.valueToTree(strings(expectedModel.get("aliases"))));
            assertEquals(expectedModel, got, kind);
            for (JsonNode v : versions) {
                JsonNode expected = null;
                for (JsonNode e : dump.get("versions")) {
                    if (e.get("name").equals(v.get("name")) && e.get("version").equals(v.get("version"))) {
                        expected = e;
                    }
                }
                assertEquals(expected, v, kind);
            }
        }
        assertEquals(list.get(1), JSON.readTree(cli("models", "show", "credit-risk", "--store", store, "--json")), kind);
    }

    private static String cli(String... args) {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        int code = dev.handoff.cli.HandoffCli.commandLine(new java.io.PrintWriter(out), new java.io.PrintWriter(err), Map::of)
                .execute(args);
        assertEquals(0, code, () -> String.join(" ", args) + ": " + err);
        return out.toString();
    }

    /** A metric value as MLflow 2.x reports it; its SQL store clamps ±inf to ±Double.MAX_VALUE (none logged here). */
    private static double value(JsonNode n) {
        return n.isNumber() ? n.asDouble() : Double.parseDouble(n.asText());
    }
}
