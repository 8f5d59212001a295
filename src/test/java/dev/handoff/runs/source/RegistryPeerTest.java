package dev.handoff.runs.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.handoff.peer.MlflowPeer;
import dev.handoff.peer.ProductionServer;
import dev.handoff.runs.DatasetInput;
import dev.handoff.runs.LoggedModel;
import dev.handoff.runs.LoggedModelMetric;
import dev.handoff.runs.ModelVersion;
import dev.handoff.runs.RegisteredModel;
import dev.handoff.runs.RunSource;
import dev.handoff.runs.SourceException;
import dev.handoff.runs.source.file.FileStoreSource;
import dev.handoff.runs.source.rest.MlflowRestSource;
import dev.handoff.runs.source.rest.RestAuth;
import dev.handoff.runs.source.rest.RestConfig;
import dev.handoff.runs.source.sqlite.SqliteStoreSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Registered models, versions, aliases, MLflow 3 logged models and dataset inputs written by MLflow's own client
 * ({@code log_registry_sample.py}) into a file store, a SQLite store, a tracking server and a production-like one
 * (PostgreSQL, S3, basic auth: {@link ProductionServer}): each of our sources reads back exactly what MlflowClient
 * reads back from the same store.
 */
@Tag("peer")
class RegistryPeerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    static MlflowPeer.Server server;
    static final Map<String, JsonNode> DUMPS = new LinkedHashMap<>();
    static final Map<String, RunSource> SOURCES = new LinkedHashMap<>();

    @BeforeAll
    static void writeStores() throws Exception {
        MlflowPeer peer = MlflowPeer.require();
        Path model = tmp.resolve("model.tribuo");
        Files.write(model, new byte[]{1, 2, 3, 4});
        Map<String, String> env = Map.of("MLFLOW_ALLOW_FILE_STORE", "true");

        Path file = Files.createDirectories(tmp.resolve("file"));
        log(peer, file, file.resolve("mlruns").toString(), file.resolve("art").toString(), model, "file", env);
        SOURCES.put("file", new FileStoreSource(file.resolve("mlruns")));

        Path sql = Files.createDirectories(tmp.resolve("sqlite"));
        log(peer, sql, "sqlite:///" + sql.resolve("mlflow.db"), sql.resolve("art").toString(), model, "sqlite", env);
        SOURCES.put("sqlite", new SqliteStoreSource(sql.resolve("mlflow.db")));

        Path srv = Files.createDirectories(tmp.resolve("server"));
        server = peer.requireServer("sqlite:///" + srv.resolve("mlflow.db"), srv.resolve("artifacts"), Map.of());
        log(peer, srv, server.baseUrl().toString(), "-", model, "server", Map.of());
        SOURCES.put("server", new MlflowRestSource(RestConfig.of(server.baseUrl(), RestAuth.none())
                .withRetries(1, Duration.ofMillis(50))));

        // PostgreSQL + S3 + basic auth, as production runs it
        Path prod = Files.createDirectories(tmp.resolve("production"));
        log(ProductionServer.peer(), prod, ProductionServer.get().baseUrl().toString(), "-", model, "production",
                ProductionServer.AUTH);
        SOURCES.put("production", new MlflowRestSource(RestConfig.fromEnvironment(ProductionServer.get().baseUrl(),
                ProductionServer.AUTH).withRetries(1, Duration.ofMillis(50))));
    }

    private static void log(MlflowPeer peer, Path dir, String uri, String artifacts, Path model, String kind,
                            Map<String, String> env) throws Exception {
        Path out = dir.resolve("out.json");
        peer.runPython(dir, Duration.ofMinutes(3), env, MlflowPeer.script("log_registry_sample.py").toString(),
                uri, artifacts, model.toString(), out.toString()).requireSuccess();
        DUMPS.put(kind, JSON.readTree(out.toFile()));
    }

    @AfterAll
    static void stop() throws Exception {
        for (RunSource s : SOURCES.values()) {
            s.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "sqlite", "server", "production"})
    void registeredModelsAndAliasesMatchMlflow(String kind) throws Exception {
        RunSource source = SOURCES.get(kind);
        JsonNode dump = DUMPS.get(kind);
        List<RegisteredModel> models = source.listRegisteredModels();
        assertEquals(dump.get("registered_models").size(), models.size(), kind);
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
        }
        assertEquals(Map.of("champion", "1", "challenger", "2"), source.getRegisteredModel("credit-risk").aliases());
        assertThrows(SourceException.class, () -> source.getRegisteredModel("no-such-model"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "sqlite", "server", "production"})
    void versionsMatchMlflow(String kind) throws Exception {
        RunSource source = SOURCES.get(kind);
        JsonNode dump = DUMPS.get(kind);
        List<ModelVersion> all = new ArrayList<>();
        for (RegisteredModel m : source.listRegisteredModels()) {
            all.addAll(source.listModelVersions(m.name()));
        }
        assertEquals(dump.get("versions").size(), all.size(), kind);
        for (int i = 0; i < all.size(); i++) {
            assertVersion(dump.get("versions").get(i), all.get(i), kind);
            assertVersion(dump.get("versions").get(i), source.getModelVersion(all.get(i).name(), all.get(i).version()), kind);
        }
        for (String alias : List.of("champion", "challenger")) {
            assertVersion(dump.get("by_alias").get(alias), source.getModelVersionByAlias("credit-risk", alias), kind);
        }
        JsonNode logged = dump.get("logged");
        ModelVersion v2 = source.getModelVersion("credit-risk", "2");
        assertEquals(logged.get("model_id").asText(), v2.loggedModelId(), kind);
        ModelVersion v1 = source.getModelVersion("credit-risk", "1");
        assertEquals("model", v1.runArtifactPath(), kind);
        assertNull(v1.loggedModelId(), kind);
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
    @ValueSource(strings = {"file", "sqlite", "server", "production"})
    void loggedModelsMatchMlflow(String kind) throws Exception {
        RunSource source = SOURCES.get(kind);
        JsonNode dump = DUMPS.get(kind);
        JsonNode logged = dump.get("logged");
        List<LoggedModel> models = source.searchLoggedModels(List.of(logged.get("experiment_id").asText()));
        assertEquals(dump.get("logged_models").size(), models.size(), kind);
        for (int i = 0; i < models.size(); i++) {
            JsonNode e = dump.get("logged_models").get(i);
            LoggedModel got = models.get(i);
            assertLoggedModel(e, got, kind);
            assertLoggedModel(e, source.getLoggedModel(got.modelId()), kind);
        }
        List<LoggedModel> ofRun = source.loggedModelsOfRun(logged.get("run_id").asText());
        assertEquals(List.of(logged.get("model_id").asText()), ofRun.stream().map(LoggedModel::modelId).toList(), kind);
    }

    private static void assertLoggedModel(JsonNode e, LoggedModel got, String kind) {
        String what = kind + " " + e.get("model_id").asText();
        assertEquals(e.get("model_id").asText(), got.modelId(), what);
        assertEquals(e.get("name").asText(), got.name(), what);
        assertEquals(e.get("experiment_id").asText(), got.experimentId(), what);
        assertEquals(text(e.get("source_run_id")), got.sourceRunId(), what);
        assertEquals(e.get("status").asText(), got.status(), what);
        assertEquals(text(e.get("model_type")), got.modelType(), what);
        assertEquals(e.get("artifact_location").asText(), got.artifactLocation(), what);
        assertEquals(strings(e.get("params")), got.sortedParams(), what);
        assertEquals(strings(e.get("tags")), got.sortedTags(), what);
        assertEquals(e.get("creation_timestamp").asLong(), got.creationTime(), what);
        assertEquals(e.get("last_updated_timestamp").asLong(), got.lastUpdatedTime(), what);
        List<LoggedModelMetric> expected = new ArrayList<>();
        for (JsonNode m : e.get("metrics")) {
            expected.add(new LoggedModelMetric(m.get("key").asText(), m.get("value").asDouble(), m.get("timestamp").asLong(),
                    m.get("step").asLong(), text(m.get("run_id")), text(m.get("dataset_name")), text(m.get("dataset_digest"))));
        }
        assertEquals(expected, got.metrics(), what);
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "sqlite", "server", "production"})
    void datasetInputsMatchMlflow(String kind) throws Exception {
        RunSource source = SOURCES.get(kind);
        JsonNode dump = DUMPS.get(kind);
        List<DatasetInput> expected = new ArrayList<>();
        for (JsonNode d : dump.get("dataset_inputs")) {
            expected.add(new DatasetInput(d.get("name").asText(), d.get("digest").asText(), d.get("source_type").asText(),
                    d.get("source").asText(), text(d.get("schema")), text(d.get("profile")), strings(d.get("tags"))));
        }
        expected.sort(java.util.Comparator.comparing(DatasetInput::name).thenComparing(DatasetInput::digest));
        List<DatasetInput> got = source.getDatasetInputs(dump.get("logged").get("run_id").asText());
        assertEquals(expected, got, kind);
        assertEquals(2, got.size());
        assertEquals("eval", got.get(0).context(), kind);
        assertEquals("training", got.get(1).context(), kind);
        assertTrue(got.get(1).schema().contains("income"), kind);
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "sqlite", "server", "production"})
    void modelsCommandPrintsWhatMlflowReports(String kind) throws Exception {
        JsonNode dump = DUMPS.get(kind);
        String store = switch (kind) {
            case "file" -> tmp.resolve("file/mlruns").toString();
            case "sqlite" -> tmp.resolve("sqlite/mlflow.db").toString();
            case "production" -> ProductionServer.get().baseUrl().toString();
            default -> server.baseUrl().toString();
        };
        Map<String, String> env = kind.equals("production") ? ProductionServer.AUTH : Map.of();
        JsonNode list = JSON.readTree(cli(env, "models", "list", "--store", store, "--json"));
        assertEquals(list, JSON.readTree(cli(env, "models", "--store", store, "--json")), kind);
        assertEquals(dump.get("registered_models").size(), list.size(), kind);
        for (int i = 0; i < list.size(); i++) {
            com.fasterxml.jackson.databind.node.ObjectNode got = ((com.fasterxml.jackson.databind.node.ObjectNode) list.get(i)).deepCopy();
            JsonNode versions = got.remove("versions");
            // MLflow's SQL store reports alias versions as integers ({"champion": 1}), its file and REST stores as
            // strings; we print strings everywhere (the REST API's form)
            com.fasterxml.jackson.databind.node.ObjectNode expectedModel =
                    ((com.fasterxml.jackson.databind.node.ObjectNode) dump.get("registered_models").get(i)).deepCopy();
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
        JsonNode shown = JSON.readTree(cli(env, "models", "show", "credit-risk", "--tracking-uri", store, "--json"));
        assertEquals(list.get(1), shown, kind);
    }

    private static String cli(Map<String, String> env, String... args) {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        int code = dev.handoff.cli.HandoffCli.commandLine(new java.io.PrintWriter(out), new java.io.PrintWriter(err), () -> env)
                .execute(args);
        assertEquals(0, code, () -> String.join(" ", args) + ": " + err);
        return out.toString();
    }

    static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }

    static Map<String, String> strings(JsonNode obj) {
        Map<String, String> m = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = obj.fields(); it.hasNext(); ) {
            var e = it.next();
            m.put(e.getKey(), e.getValue().asText());
        }
        return m;
    }
}
