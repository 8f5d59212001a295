package dev.handoff.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.handoff.bundle.BundleLayout;
import dev.handoff.bundle.MonotonicityExport;
import dev.handoff.bundle.ReasonsNotice;
import dev.handoff.bundle.checklist.DefaultLineIds;
import dev.handoff.explain.ExplanationReport;
import dev.handoff.explain.LinearShap;
import dev.handoff.explain.PrincipalReasons;
import dev.handoff.explain.ReasonCodeTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A bundle of the sample's logistic run carries explanations/reasons.json and the printable notice, both in the manifest. */
class BundleReasonsTest extends CliTestBase {
    static final Path PROJECT = SampleProjectCliTest.PROJECT;
    @TempDir
    Path tmp;

    @Test
    void reasonsJsonAndHtmlAreWrittenAndCoveredByTheManifest() throws Exception {
        Path dir = tmp.resolve("bundle");
        assertEquals(0, run("bundle", "export", "--store", PROJECT.toString(), "--run",
                ReasonsCommandTest.runId("logreg-adagrad-lr0.05"), "--data", PROJECT.resolve("data/test.csv").toString(),
                "--label-column", "default", "--explain-rows", "40", "--policy", "warn", "--out", dir.toString()),
                err.toString());
        JsonNode reasons = new ObjectMapper().readTree(dir.resolve("explanations/reasons.json").toFile());
        JsonNode local = new ObjectMapper().readTree(dir.resolve("explanations/local.json").toFile());
        assertEquals(40, reasons.get("explained_rows").asInt());
        assertEquals("yes", reasons.get("adverse_class").asText());
        assertEquals(ReasonCodeTable.read(PROJECT.resolve("reason-codes.yml")).sha256(),
                reasons.get("reason_codes_sha256").asText());
        long declined = 0;
        for (JsonNode r : local.get("rows")) {
            declined += r.get("predicted").asText().equals("yes") ? 1 : 0;
        }
        assertTrue(declined > 0);
        assertEquals(declined, reasons.get("rows").size());
        String html = Files.readString(dir.resolve(ReasonsNotice.HTML));
        assertTrue(html.contains("Notice of adverse decision"), html);
        assertTrue(html.contains("Debt payments are high compared with income"), html);
        assertFalse(html.contains("<script") || html.contains("src=") || html.contains("href="), "self-contained");

        String manifest = Files.readString(dir.resolve(BundleLayout.STATEMENT));
        assertTrue(manifest.contains("explanations/reasons.json") && manifest.contains("explanations/reasons.html"),
                manifest);
        assertEquals(0, run("verify", dir.toString()), out.toString());

        // the monotonicity check of the same rows, the evidence of checklist line HW.2, recorded in bundle.json
        JsonNode mono = new ObjectMapper().readTree(dir.resolve(MonotonicityExport.PATH).toFile());
        assertTrue(mono.get("holds").asBoolean(), mono.toString());
        assertEquals(5, mono.get("features").size());
        JsonNode meta = new ObjectMapper().readTree(dir.resolve("bundle.json").toFile()).get("sections")
                .get("monotonicity");
        assertEquals(DefaultLineIds.MONOTONIC_CONSTRAINTS, meta.get("checklist_line").asText(), meta.toString());
        assertTrue(meta.get("holds").asBoolean());
        assertFalse(meta.get("required").asBoolean());
        assertTrue(manifest.contains(MonotonicityExport.PATH), manifest);
        Files.writeString(dir.resolve(ReasonsNotice.HTML), html.replace("Debt payments", "Debt paymentz"));
        assertEquals(1, run("verify", dir.toString()));
        assertTrue(out.toString().contains("changed: explanations/reasons.html"), out.toString());
    }

    @Test
    void everyTextInTheNoticeIsEscaped() throws Exception {
        ReasonCodeTable table = ReasonCodeTable.parse(("features:\n  x<b>:\n    code: \"<R1>\"\n"
                + "    reason: \"Debt & <script>alert(1)</script>\"\n").getBytes(StandardCharsets.UTF_8), "t.yml");
        ExplanationReport.RowExplanation row = new ExplanationReport.RowExplanation(0, "yes", null, 0, 1, 0.0,
                List.of(new ExplanationReport.FeatureAttribution("x<b>", 2, 1.0)), 0.5, 0.73, Map.of());
        ExplanationReport report = new ExplanationReport("m\"<i>", "c", "LINEAR_SHAP", "yes", LinearShap.LOG_ODDS,
                Map.of(), List.of(row), List.of(), 0.0);
        PrincipalReasons.Report r = PrincipalReasons.compute(report, new PrincipalReasons.Settings("yes",
                List.of("no", "yes"), 4, Set.of("x<b>"), Map.of(), table));
        String html = new String(ReasonsNotice.html(r, "ab".repeat(32)), StandardCharsets.UTF_8);
        assertFalse(html.contains("<script>") || html.contains("<b>") || html.contains("<i>") || html.contains("<R1>"), html);
        assertTrue(html.contains("Debt &amp; &lt;script&gt;alert(1)&lt;/script&gt;"), html);
        assertTrue(html.contains("m&quot;&lt;i&gt;"), html);
    }
}
