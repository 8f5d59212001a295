package dev.handoff.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.handoff.bundle.MonotonicityExport;
import dev.handoff.bundle.ReasonsNotice;
import dev.handoff.explain.ReasonCodeTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code bundle export --reason-codes FILE --adverse-class CLASS}: what reasons.json, reasons.html and monotonicity.json are made with. */
class BundleReasonCodesTest extends CliTestBase {
    static final Path PROJECT = SampleProjectCliTest.PROJECT;
    @TempDir
    Path tmp;

    private String[] export(Path bundle, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("bundle", "export", "--store", PROJECT.toString(), "--run",
                ReasonsCommandTest.runId("logreg-adagrad-lr0.05"), "--data", PROJECT.resolve("data/test.csv").toString(),
                "--label-column", "default", "--explain-rows", "12", "--policy", "warn", "--out", bundle.toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void aGivenTableAndAdverseClassMakeTheReasonsAndAreRecorded() throws Exception {
        Path codes = tmp.resolve("custom-codes.yml");
        Files.writeString(codes, Files.readString(PROJECT.resolve("reason-codes.yml"))
                .replace("Debt payments are high compared with income", "Your debt is large next to your income")
                .replace("adverse_class: \"yes\"", "adverse_class: \"yes\"  # overridden below"));
        Path bundle = tmp.resolve("bundle");
        assertEquals(0, run(export(bundle, "--reason-codes", codes.toString(), "--adverse-class", "no")), err.toString());

        ObjectMapper json = new ObjectMapper();
        JsonNode reasons = json.readTree(bundle.resolve("explanations/reasons.json").toFile());
        String sha = ReasonCodeTable.read(codes).sha256();
        assertEquals("no", reasons.get("adverse_class").asText());
        assertEquals(sha, reasons.get("reason_codes_sha256").asText());
        assertNotEquals(ReasonCodeTable.read(PROJECT.resolve("reason-codes.yml")).sha256(), sha);
        long approvedRows = 0;
        for (JsonNode r : json.readTree(bundle.resolve("explanations/local.json").toFile()).get("rows")) {
            approvedRows += r.get("predicted").asText().equals("no") ? 1 : 0;
        }
        assertTrue(approvedRows > 0);
        assertEquals(approvedRows, reasons.get("rows").size(), "the reasons are those of the rows predicted 'no'");
        JsonNode meta = json.readTree(bundle.resolve("bundle.json").toFile()).at("/sections/reasons");
        assertEquals("custom-codes.yml", meta.get("reason_codes").asText(), meta.toString());
        assertEquals(sha, meta.get("reason_codes_sha256").asText());
        assertEquals("--reason-codes", meta.get("reason_codes_from").asText());
        assertEquals("no", meta.get("adverse_class").asText());
        assertEquals("--adverse-class", meta.get("adverse_class_from").asText());
        JsonNode mono = json.readTree(bundle.resolve(MonotonicityExport.PATH).toFile());
        assertEquals(sha, mono.get("reason_code_table_sha256").asText());
        assertEquals(0, run("verify", bundle.toString()), out.toString());

        // the default export of the same run: the project's table and its adverse class 'yes'
        Path plain = tmp.resolve("plain");
        assertEquals(0, run(export(plain)), err.toString());
        JsonNode defaults = json.readTree(plain.resolve("explanations/reasons.json").toFile());
        assertEquals("yes", defaults.get("adverse_class").asText());
        assertNotEquals(reasons.get("rows"), defaults.get("rows"));
        assertEquals("project", json.readTree(plain.resolve("bundle.json").toFile())
                .at("/sections/reasons/reason_codes_from").asText());
        String html = Files.readString(plain.resolve(ReasonsNotice.HTML));
        assertFalse(html.contains("Your debt is large"), "the project's texts");
    }

    @Test
    void aMissingOrInvalidTableOrAnUnknownClassIsAnErrorNamingIt() throws Exception {
        Path missing = tmp.resolve("nowhere.yml");
        assertNotEquals(0, run(export(tmp.resolve("a"), "--reason-codes", missing.toString())));
        assertTrue(err.toString().contains(missing.toString()), err.toString());
        assertFalse(Files.exists(tmp.resolve("a")));

        Path invalid = tmp.resolve("broken-codes.yml");
        Files.writeString(invalid, "features:\n  debt_ratio: {code: R01, reason: Debt, colour: red}\n");
        assertNotEquals(0, run(export(tmp.resolve("b"), "--reason-codes", invalid.toString())));
        assertTrue(err.toString().contains(invalid.toString()) && err.toString().contains("colour"), err.toString());
        assertFalse(Files.exists(tmp.resolve("b")));

        assertNotEquals(0, run(export(tmp.resolve("c"), "--adverse-class", "maybe")));
        assertTrue(err.toString().contains("adverse class 'maybe'"), err.toString());
        assertFalse(Files.exists(tmp.resolve("c")));
    }
}
