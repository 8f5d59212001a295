package dev.handoff.runs.source.file;

import dev.handoff.runs.ModelVersion;
import dev.handoff.runs.RegisteredModel;
import dev.handoff.runs.SourceException;
import dev.handoff.runs.ViewType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The registry of a file store as MLflow 2.x wrote it (no model_id in version meta, aliases only as files, no logged
 * models or datasets), a deleted version, and a broken meta.yaml named in the error.
 */
class FileStoreRegistryTest {
    @TempDir
    Path root;

    private void write(String rel, String text) throws Exception {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    private void store2x() throws Exception {
        String run = "0123456789abcdef0123456789abcdef";
        write("0/meta.yaml", "artifact_location: file:///tmp/mlruns/0\ncreation_time: 1\nexperiment_id: '0'\n"
                + "last_update_time: 1\nlifecycle_stage: active\nname: Default\n");
        write("0/" + run + "/meta.yaml", "artifact_uri: file:///tmp/mlruns/0/" + run + "/artifacts\nend_time: 2\n"
                + "entry_point_name: ''\nexperiment_id: '0'\nlifecycle_stage: active\nrun_id: " + run + "\nrun_name: r\n"
                + "run_uuid: " + run + "\nsource_name: ''\nsource_type: 4\nsource_version: ''\nstart_time: 1\nstatus: 3\n"
                + "tags: []\nuser_id: me\n");
        write("models/fraud/meta.yaml", "creation_timestamp: 1690000000000\ndescription: null\n"
                + "last_updated_timestamp: 1690000000500\nname: fraud\n");
        write("models/fraud/tags/owner", "ml-team");
        write("models/fraud/aliases/prod", "2");
        write("models/fraud/version-1/meta.yaml", "creation_timestamp: 1690000000100\ncurrent_stage: Archived\n"
                + "description: ''\nlast_updated_timestamp: 1690000000100\nname: fraud\nrun_id: " + run + "\n"
                + "run_link: ''\nsource: file:///tmp/mlruns/0/" + run + "/artifacts/model\nstatus: READY\n"
                + "status_message: null\nuser_id: null\nversion: 1\n");
        write("models/fraud/version-2/meta.yaml", "creation_timestamp: 1690000000200\ncurrent_stage: Production\n"
                + "description: best\nlast_updated_timestamp: 1690000000200\nname: fraud\nrun_id: " + run + "\n"
                + "source: runs:/" + run + "/model\nstatus: READY\nversion: 2\n");
        write("models/fraud/version-2/tags/validated", "yes");
        write("models/fraud/version-3/meta.yaml", "creation_timestamp: 1690000000300\ncurrent_stage: Deleted_Internal\n"
                + "last_updated_timestamp: 1690000000300\nname: fraud\nsource: x\nstatus: READY\nversion: 3\n");
    }

    @Test
    void readsAnMlflow2Registry() throws Exception {
        store2x();
        FileStoreSource source = new FileStoreSource(root);
        List<RegisteredModel> models = source.listRegisteredModels();
        assertEquals(1, models.size());
        RegisteredModel fraud = models.get(0);
        assertEquals("fraud", fraud.name());
        assertNull(fraud.description());
        assertEquals(Map.of("owner", "ml-team"), fraud.tags());
        assertEquals(Map.of("prod", "2"), fraud.aliases());
        assertEquals(1690000000000L, fraud.creationTime());

        List<ModelVersion> versions = source.listModelVersions("fraud");
        assertEquals(List.of("1", "2"), versions.stream().map(ModelVersion::version).toList(), "deleted version 3 left out");
        ModelVersion v2 = versions.get(1);
        assertEquals(List.of("prod"), v2.aliases());
        assertEquals("Production", v2.currentStage());
        assertEquals(Map.of("validated", "yes"), v2.tags());
        assertNull(v2.modelId());
        assertNull(v2.loggedModelId());
        assertEquals("model", v2.runArtifactPath());
        assertNull(versions.get(0).runArtifactPath(), "a file: source is not a runs:/ path");
        assertEquals(v2, source.getModelVersionByAlias("fraud", "prod"));

        assertEquals(List.of(), source.searchLoggedModels(List.of("0")));
        assertEquals(List.of(), source.getDatasetInputs("0123456789abcdef0123456789abcdef"));
        assertEquals(List.of("0"), source.listExperiments(ViewType.ALL).experiments().stream().map(e -> e.id()).toList(),
                "models/ is not an experiment");
    }

    @Test
    void unknownNamesAndBrokenFilesAreErrorsNamingThem() throws Exception {
        store2x();
        FileStoreSource source = new FileStoreSource(root);
        SourceException none = assertThrows(SourceException.class, () -> source.getRegisteredModel("nope"));
        assertTrue(none.getMessage().contains("nope"), none.getMessage());
        assertThrows(SourceException.class, () -> source.getRegisteredModel("../0"));
        assertThrows(SourceException.class, () -> source.getModelVersionByAlias("fraud", "staging"));
        write("models/fraud/version-2/meta.yaml", "name: fraud\nversion: [2\n");
        SourceException broken = assertThrows(SourceException.class, () -> source.listModelVersions("fraud"));
        assertTrue(broken.getMessage().contains("version-2"), broken.getMessage());
    }

    @Test
    void storeWithoutRegistryHasNoModels() throws Exception {
        assertEquals(List.of(), new FileStoreSource(root).listRegisteredModels());
    }
}
