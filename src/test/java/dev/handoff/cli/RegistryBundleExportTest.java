package dev.handoff.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.handoff.runs.source.file.MlrunsFixture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.MutableDataset;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;
import org.tribuo.data.csv.CSVLoader;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static dev.handoff.runs.source.file.MlrunsFixture.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code handoff bundle export --model NAME@ALIAS|NAME/VERSION} on a file store with a registry and dataset inputs. */
class RegistryBundleExportTest {
    @TempDir
    static Path tmp;
    static Path store;

    @BeforeAll
    static void storeWithRegistry() throws Exception {
        StringBuilder train = new StringBuilder("x0,x1,label\n");
        Random rnd = new Random(5);
        for (int i = 0; i < 200; i++) {
            double x0 = rnd.nextGaussian(), x1 = rnd.nextGaussian();
            train.append(x0).append(',').append(x1).append(',').append(x0 > x1 ? "yes" : "no").append('\n');
        }
        Files.writeString(tmp.resolve("train.csv"), train);
        var ds = new MutableDataset<>(new CSVLoader<>(new LabelFactory()).loadDataSource(tmp.resolve("train.csv"), "label"));
        MlrunsFixture f = new MlrunsFixture(tmp.resolve("mlruns"));
        Path exp = f.experiment("1", "credit");
        Path run = f.run("1", id(7), "train", 3, 1_700_000_000_000L, 1_700_000_050_000L, "active");
        Files.createDirectories(run.resolve("artifacts/model"));
        new LogisticRegressionTrainer().train(ds).serializeToFile(run.resolve("artifacts/model/model.tribuo"));
        // a dataset input as MLflow's file store writes it
        MlrunsFixture.write(exp.resolve("datasets/d1/meta.yaml"), "digest: d43fc66c\nname: credit-train\n"
                + "profile: '{\"num_rows\": 200}'\nschema: null\nsource: '{\"uri\": \"data/train.csv\"}'\nsource_type: local\n");
        MlrunsFixture.write(run.resolve("inputs/i1/meta.yaml"), "destination_id: d1\ndestination_type: RUN\n"
                + "source_id: d1\nsource_type: DATASET\ntags:\n  mlflow.data.context: training\n");
        Path rm = tmp.resolve("mlruns/models/credit");
        MlrunsFixture.write(rm.resolve("meta.yaml"), "creation_timestamp: 1\ndescription: risk\nlast_updated_timestamp: 2\nname: credit\n");
        MlrunsFixture.write(rm.resolve("version-1/meta.yaml"), "creation_timestamp: 1\ncurrent_stage: None\nname: credit\n"
                + "run_id: '" + id(7) + "'\nsource: runs:/" + id(7) + "/model\nstatus: READY\nversion: 1\n");
        MlrunsFixture.write(rm.resolve("aliases/champion"), "1");
        store = tmp.resolve("mlruns");
    }

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return HandoffCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    }

    @Test
    void exportFromAnAliasRecordsTheRegistryVersionRunAndDatasets() throws Exception {
        Path bundle = tmp.resolve("from-alias");
        assertEquals(0, run("bundle", "export", "--store", store.toString(), "--model", "credit@champion",
                "--policy", "warn", "--out", bundle.toString()), err.toString());
        ObjectMapper json = new ObjectMapper();
        JsonNode reg = json.readTree(bundle.resolve("provenance/registry.json").toFile());
        assertEquals("credit", reg.get("registered_model").asText());
        assertEquals("1", reg.get("version").asText());
        assertEquals("champion", reg.get("alias").asText());
        assertEquals(id(7), reg.get("run_id").asText());
        assertEquals("model/model.tribuo", reg.get("model_artifact").asText());
        assertTrue(reg.get("logged_model_id").isNull());
        assertEquals("d43fc66c", reg.at("/datasets/0/digest").asText());
        assertEquals("training", reg.at("/datasets/0/context").asText());
        JsonNode card = json.readTree(bundle.resolve("card/model_card.json").toFile());
        assertTrue(card.at("/model_details/version/name").asText().contains("credit version 1 (@champion)"), card.toString());
        assertEquals("models:/credit/1", card.at("/model_details/references/0/reference").asText(), card.toString());
        JsonNode mlflowData = null;
        for (JsonNode d : card.at("/model_parameters/data")) {
            if (d.path("name").asText().equals("credit-train")) {
                mlflowData = d;
            }
        }
        assertTrue(mlflowData != null, "the run's MLflow dataset is on the card: " + card.at("/model_parameters/data"));
        assertEquals("data/train.csv", mlflowData.path("link").asText());
        assertTrue(mlflowData.path("description").asText().contains("d43fc66c"), mlflowData.toString());
        assertEquals(0, run("verify", bundle.toString()), out.toString());

        Path byVersion = tmp.resolve("from-version");
        assertEquals(0, run("bundle", "export", "--store", store.toString(), "--model", "models:/credit/1",
                "--policy", "warn", "--out", byVersion.toString()), err.toString());
        JsonNode reg2 = json.readTree(byVersion.resolve("provenance/registry.json").toFile());
        assertTrue(reg2.get("alias").isNull());
        assertEquals("1", reg2.get("version").asText());
    }

    @Test
    void aRunExportRecordsItsDatasetsTooAndBadReferencesAreClearErrors() throws Exception {
        Path bundle = tmp.resolve("from-run");
        assertEquals(0, run("bundle", "export", "--store", store.toString(), "--run", id(7), "--policy", "warn",
                "--out", bundle.toString()), err.toString());
        JsonNode reg = new ObjectMapper().readTree(bundle.resolve("provenance/registry.json").toFile());
        assertTrue(reg.get("registered_model").isNull());
        assertEquals("d43fc66c", reg.at("/datasets/0/digest").asText());

        assertEquals(1, run("bundle", "export", "--store", store.toString(), "--model", "credit@staging",
                "--policy", "warn", "--out", tmp.resolve("x").toString()));
        assertTrue(err.toString().contains("staging"), err.toString());
        assertEquals(2, run("bundle", "export", "--store", store.toString(), "--model", "credit",
                "--out", tmp.resolve("y").toString()));
        assertTrue(err.toString().contains("NAME@ALIAS"), err.toString());
        assertEquals(2, run("bundle", "export", "--store", store.toString(), "--out", tmp.resolve("z").toString()));
        assertEquals(2, run("bundle", "export", "--store", store.toString(), "--run", id(7), "--model", "credit/1",
                "--out", tmp.resolve("z").toString()));
    }
}
