package dev.handoff.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.handoff.bundle.checklist.ExportPolicy;
import dev.handoff.runs.ModelRef;
import dev.handoff.runs.source.file.MlrunsFixture;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.tribuo.MutableDataset;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;
import org.tribuo.data.csv.CSVLoader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static dev.handoff.runs.source.file.MlrunsFixture.id;
import static dev.handoff.ui.FxTesting.fx;
import static dev.handoff.ui.FxTesting.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Export bundle opened from a version in the Models view, on a file store with a registry and a dataset input: the
 * dialog offers NAME/VERSION and the version's aliases, and exporting by the alias records registry provenance as
 * {@code handoff bundle export --model NAME@ALIAS} does.
 */
@ExtendWith(ApplicationExtension.class)
@Tag("fx")
class ExportFromModelsTest {
    private TestWorkbench fixture;
    private Workbench workbench;

    @Start
    void start(Stage stage) {
        fixture = TestWorkbench.show(stage);
        workbench = fixture.workbench;
    }

    @AfterEach
    void tearDown() throws Exception {
        fixture.close();
    }

    private static Path storeWithRegistry(Path tmp) throws Exception {
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
        MlrunsFixture.write(exp.resolve("datasets/d1/meta.yaml"), "digest: d43fc66c\nname: credit-train\n"
                + "profile: '{\"num_rows\": 200}'\nschema: null\nsource: '{\"uri\": \"data/train.csv\"}'\nsource_type: local\n");
        MlrunsFixture.write(run.resolve("inputs/i1/meta.yaml"), "destination_id: d1\ndestination_type: RUN\n"
                + "source_id: d1\nsource_type: DATASET\ntags:\n  mlflow.data.context: training\n");
        Path rm = tmp.resolve("mlruns/models/credit");
        MlrunsFixture.write(rm.resolve("meta.yaml"), "creation_timestamp: 1\ndescription: risk\nlast_updated_timestamp: 2\nname: credit\n");
        MlrunsFixture.write(rm.resolve("version-1/meta.yaml"), "creation_timestamp: 1\ncurrent_stage: None\nname: credit\n"
                + "run_id: '" + id(7) + "'\nsource: runs:/" + id(7) + "/model\nstatus: READY\nversion: 1\n");
        MlrunsFixture.write(rm.resolve("aliases/champion"), "1");
        return tmp.resolve("mlruns");
    }

    @Test
    void exportsByTheAliasWithRegistryProvenance(FxRobot robot, @TempDir Path tmp) throws Exception {
        Path store = storeWithRegistry(tmp);
        fx(() -> {
            workbench.open(store.toString());
            return null;
        });
        waitUntil(() -> workbench.runsPane().runs().size() == 1);
        var pane = workbench.models().pane();
        fx(() -> {
            var tab = workbench.models().tab();
            tab.getTabPane().getSelectionModel().select(tab);
            return null;
        });
        waitUntil(() -> pane.versionsTable().getItems().size() == 1
                && !pane.versionsTable().getSelectionModel().getSelectedItems().isEmpty());
        robot.clickOn("#exportVersionButton");
        waitUntil(() -> workbench.exportPane() != null);
        ExportPane export = workbench.exportPane();
        assertEquals(List.of("credit/1", "credit@champion"),
                fx(() -> export.modelRef().getItems().stream().map(ModelRef::toString).toList()));
        Path out = tmp.resolve("bundle");
        fx(() -> {
            export.modelRef().setValue(export.modelRef().getItems().get(1));
            export.policy().setValue(ExportPolicy.WARN);
            export.heldOut().setText("");
            export.target().setText(out.toString());
            export.export();
            return null;
        });
        waitUntil(() -> fx(export::resultText).startsWith("Wrote"));
        JsonNode reg = new ObjectMapper().readTree(out.resolve("provenance/registry.json").toFile());
        assertEquals("credit", reg.get("registered_model").asText());
        assertEquals("1", reg.get("version").asText());
        assertEquals("champion", reg.get("alias").asText());
        assertEquals(id(7), reg.get("run_id").asText());
        assertEquals("d43fc66c", reg.at("/datasets/0/digest").asText());
        assertTrue(fx(export::resultText).contains(out.toString()), fx(export::resultText));
        FxTesting.snapshot(export.getScene(), "export-from-model-version");
    }
}
