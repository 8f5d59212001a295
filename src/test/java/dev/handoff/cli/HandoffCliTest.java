package dev.handoff.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.handoff.runs.source.file.MlrunsFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

import static dev.handoff.runs.source.file.MlrunsFixture.id;
import static org.junit.jupiter.api.Assertions.*;

class HandoffCliTest {
    @TempDir
    Path tmp;
    Path store;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    @BeforeEach
    void store() throws Exception {
        MlrunsFixture f = new MlrunsFixture(tmp.resolve("mlruns"));
        f.experiment("1", "credit-risk");
        f.experiment("2", "baselines");
        Path a = f.run("1", id(1), "sgd-lr-0.1", 3, 1_700_000_000_000L, 1_700_000_065_000L, "active");
        MlrunsFixture.param(a, "learning_rate", "0.1");
        MlrunsFixture.metricLines(a, "val_auc", "1700000001000 0.71 0\n1700000002000 0.83 1\n");
        MlrunsFixture.metricLines(a, "train/loss", "1700000001000 0.9 0\n1700000002000 0.45 1\n");
        Path b = f.run("1", id(2), "cart-depth-5", 4, 1_700_000_100_000L, 1_700_000_101_500L, "active");
        MlrunsFixture.param(b, "max_depth", "5");
        MlrunsFixture.metricLines(b, "val_auc", "1700000101000 0.66 0\n");
        MlrunsFixture.write(b.resolve("artifacts/model/model.tribuo"), "0123456789");
        Path broken = f.run("2", id(3), "broken", 3, 1_700_000_200_000L, -1, "active");
        MlrunsFixture.metricLines(broken, "val_auc", "oops\n");
        store = tmp.resolve("mlruns");
        StoreOption.environment = Map.of();
    }

    @AfterEach
    void restoreEnvironment() {
        StoreOption.environment = System.getenv();
    }

    int run(String... args) {
        return HandoffCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    }

    @Test
    void listPrintsEveryRunWithLatestMetricsAndWarnsAboutUnreadableOnes() {
        assertEquals(0, run("runs", "list", "--store", store.toString()));
        String text = out.toString();
        assertTrue(text.lines().findFirst().orElseThrow().matches("RUN ID +NAME +EXPERIMENT +STATUS +START +DURATION +train/loss +val_auc"), text);
        assertTrue(text.contains(id(1)) && text.contains("sgd-lr-0.1") && text.contains("0.83") && text.contains("0.45"), text);
        assertTrue(text.contains(id(2)) && text.contains("FAILED") && text.contains("0.66") && text.contains("1.5s"), text);
        assertTrue(text.contains("1m 05s"), text);
        assertTrue(text.contains("2 runs, 1 unreadable"), text);
        assertTrue(err.toString().contains("warning: unreadable run " + id(3)), err.toString());
        assertTrue(err.toString().contains("metrics/val_auc line 1"), err.toString());
    }

    @Test
    void strictTurnsUnreadableRunsIntoExitCode3() {
        assertEquals(3, run("runs", "list", "--store", store.toString(), "--strict"));
        assertEquals(0, run("runs", "list", "--store", store.toString(), "--strict", "-e", "credit-risk"));
    }

    @Test
    void filterOrderAndJson() throws Exception {
        assertEquals(0, run("runs", "list", "-s", store.toString(), "-e", "1", "--filter", "metrics.val_auc > 0.7",
                "--order-by", "metrics.val_auc DESC", "--json"));
        JsonNode arr = new ObjectMapper().readTree(out.toString());
        assertEquals(1, arr.size());
        assertEquals(id(1), arr.get(0).get("run_id").asText());
        assertEquals("credit-risk", arr.get(0).get("experiment_name").asText());
        assertEquals(0.83, arr.get(0).get("metrics").get("val_auc").get("value").asDouble());
        assertEquals("0.1", arr.get(0).get("params").get("learning_rate").asText());
    }

    @Test
    void paramsColumnsOnRequest() {
        assertEquals(0, run("runs", "list", "-s", store.toString(), "-e", "credit-risk", "--params"));
        assertTrue(out.toString().lines().findFirst().orElseThrow().contains("params.learning_rate"), out.toString());
    }

    @Test
    void showPrintsParamsMetricsAndArtifacts() {
        assertEquals(0, run("runs", "show", id(2), "--store", store.toString()));
        String text = out.toString();
        assertTrue(text.contains("cart-depth-5") && text.contains("max_depth") && text.contains("model.tribuo  (10 bytes)"), text);
    }

    @Test
    void metricsCsvIsTheFullExactHistory() {
        assertEquals(0, run("metrics", id(1), "train/loss", "--store", store.toString(), "--csv"));
        assertEquals("step,timestamp,value\n0,1700000001000,0.9\n1,1700000002000,0.45\n", out.toString());
    }

    @Test
    void errorsNameWhatIsWrongWithoutStackTraces() {
        assertEquals(1, run("runs", "show", id(99), "--store", store.toString()));
        assertTrue(err.toString().startsWith("handoff: ") && err.toString().contains("no run " + id(99)), err.toString());
        assertFalse(err.toString().contains("\tat "), "no stack trace");

        err.getBuffer().setLength(0);
        assertEquals(1, run("runs", "list", "--store", tmp.resolve("missing").toString()));
        assertTrue(err.toString().contains(tmp.resolve("missing").toString()) && err.toString().contains("no such file or folder"), err.toString());

        err.getBuffer().setLength(0);
        assertEquals(1, run("runs", "list"));
        assertTrue(err.toString().contains("MLFLOW_TRACKING_URI"), err.toString());

        err.getBuffer().setLength(0);
        assertEquals(1, run("runs", "list", "-s", store.toString(), "-e", "nope"));
        assertTrue(err.toString().contains("no experiment 'nope'") && err.toString().contains("credit-risk [1]"), err.toString());

        err.getBuffer().setLength(0);
        assertEquals(1, run("runs", "list", "-s", store.toString(), "--filter", "metrics.val_auc >> 1"));
        assertTrue(err.toString().contains("metrics.val_auc >> 1"), err.toString());

        assertEquals(2, run("runs", "list", "--bogus"));
        assertEquals(2, run("metrics", id(1)));
    }

    @Test
    void storeDefaultsToMlflowTrackingUri() {
        StoreOption.environment = Map.of("MLFLOW_TRACKING_URI", store.toString());
        assertEquals(0, run("runs", "list", "-e", "credit-risk"));
        assertTrue(out.toString().contains("sgd-lr-0.1"));
    }
}
