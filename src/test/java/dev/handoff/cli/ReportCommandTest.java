package dev.handoff.cli;

import dev.handoff.report.ReportPages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code handoff report} on the bundled sample: both stores, the options, and the errors a user meets. */
class ReportCommandTest {
    static final Path PROJECT = Path.of(System.getProperty("handoff.repo", ".")).resolve("sample-projects/credit-risk");
    @TempDir
    Path tmp;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return HandoffCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true), Map::of).execute(args);
    }

    @Test
    void theFileStoreAndTheSqliteStoreGiveTheSameReport() throws Exception {
        Path fromFiles = tmp.resolve("files.html");
        assertEquals(0, run("report", "--store", PROJECT.resolve("mlruns").toString(), "--experiment", "credit-risk",
                "--out", fromFiles.toString()), err.toString());
        assertEquals("Wrote " + fromFiles + ": 6 runs, 8 charts", out.toString().strip());
        Path fromDb = tmp.resolve("db.html");
        assertEquals(0, run("report", "-s", PROJECT.resolve("mlflow.db").toString(), "-e", "credit-risk", "-o", fromDb.toString()),
                err.toString());
        Document a = ReportPages.parse(Files.readString(fromFiles));
        Document b = ReportPages.parse(Files.readString(fromDb));
        assertEquals(new ArrayList<>(ReportPages.figures(a).keySet()), new ArrayList<>(ReportPages.figures(b).keySet()));
        assertEquals(ReportPages.runColours(a), ReportPages.runColours(b), "same runs in the same order and colours");
        for (String key : ReportPages.figures(a).keySet()) {
            assertEquals(ReportPages.legend(ReportPages.figures(a).get(key)), ReportPages.legend(ReportPages.figures(b).get(key)), key);
        }
        assertTrue(Files.readString(fromDb).contains("handoff development build"), "the tool and version in the header");
    }

    @Test
    void runsMetricsAndTitleOptions() throws Exception {
        Path report = tmp.resolve("xgb.html");
        assertEquals(0, run("report", "--store", PROJECT.toString(), "-e", "1", "--runs", "params.trainer = 'XGBoostClassificationTrainer'",
                "--metrics", "val_auc,val_loss", "--title", "XGBoost <runs>", "--out", report.toString()), err.toString());
        String html = Files.readString(report);
        Document doc = ReportPages.parse(html);
        assertEquals(List.of("val_auc", "val_loss"), new ArrayList<>(ReportPages.figures(doc).keySet()));
        assertTrue(html.contains("<title>XGBoost &lt;runs&gt;</title>"), html.substring(0, 300));
        assertTrue(out.toString().contains(": 3 runs, 2 charts"), out.toString()); // xgb-sweep and its two children
    }

    @Test
    void errorsNameWhatIsWrong() throws Exception {
        Path report = tmp.resolve("r.html");
        assertEquals(1, run("report", "--store", PROJECT.toString(), "-e", "credit-risc", "-o", report.toString()));
        assertTrue(err.toString().contains("no experiment 'credit-risc'") && err.toString().contains("credit-risk [1]"), err.toString());
        assertFalse(Files.exists(report));

        assertEquals(1, run("report", "--store", PROJECT.toString(), "-e", "credit-risk", "--metrics", "val_aucc", "-o", report.toString()));
        assertTrue(err.toString().contains("metric 'val_aucc'"), err.toString());

        Path notADir = Files.writeString(tmp.resolve("plain-file"), "x");
        Path unwritable = notADir.resolve("report.html");
        assertEquals(1, run("report", "--store", PROJECT.toString(), "-e", "credit-risk", "-o", unwritable.toString()));
        assertTrue(err.toString().contains("cannot write the report to " + unwritable.toAbsolutePath()), err.toString());

        assertEquals(2, run("report", "--store", PROJECT.toString(), "-e", "credit-risk"), "--out is required");
        assertTrue(err.toString().contains("--out"), err.toString());
    }
}
