package dev.handoff.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code handoff explain --monotonicity} on the sample's logistic run. */
class MonotonicityCommandTest extends CliTestBase {
    static final Path PROJECT = SampleProjectCliTest.PROJECT;
    @TempDir
    Path tmp;

    @Test
    void theLogisticModelKeepsTheSamplesDirectionsAndAWrongDeclarationIsFlaggedWithRows() throws Exception {
        String id = ReasonsCommandTest.runId("logreg-adagrad-lr0.05");
        assertEquals(0, run("explain", "--store", PROJECT.toString(), "--run", id, "--data",
                PROJECT.resolve("data/test.csv").toString(), "--label-column", "default", "--rows", "0-39",
                "--monotonicity", "--json"), err.toString());
        JsonNode m = new ObjectMapper().readTree(out.toString()).get("monotonicity");
        assertTrue(m.get("ice").asBoolean());
        assertEquals(64, m.get("reason_code_table_sha256").asText().length());
        assertEquals(5, m.get("features").size(), m.toString());
        for (JsonNode f : m.get("features")) {
            assertEquals("HOLDS", f.get("verdict").asText(), f.toString());
            assertEquals(40, f.get("rows_checked").asInt());
        }
        assertTrue(m.get("holds").asBoolean());

        // the same model against a table that declares debt_ratio the wrong way round
        Path table = tmp.resolve("codes.yml");
        Files.writeString(table, "adverse_class: \"yes\"\nfeatures:\n  debt_ratio:\n    code: D1\n"
                + "    reason: Debt ratio\n    monotone: decreasing\n");
        assertEquals(0, run("explain", "--store", PROJECT.toString(), "--run", id, "--data",
                PROJECT.resolve("data/test.csv").toString(), "--rows", "0-9", "--monotonicity",
                "--reason-codes", table.toString(), "--out", tmp.resolve("m.json").toString()), err.toString());
        String text = out.toString();
        assertTrue(text.contains("Monotonicity (ICE re-scoring of the score of yes"), text);
        assertTrue(text.contains("VIOLATED for [debt_ratio]"), text);
        assertTrue(text.contains("debt_ratio (decreasing): violated"), text);
        assertTrue(text.contains("in rows [0, 1, 2"), text);
        assertTrue(text.contains("    row 0: debt_ratio "), text);
        JsonNode f = new ObjectMapper().readTree(tmp.resolve("m.json").toFile()).get("monotonicity").get("features")
                .get(0);
        assertEquals("VIOLATED", f.get("verdict").asText());
        assertFalse(f.get("ice_violations").isEmpty());
        assertEquals(10, f.get("violating_rows").size());
    }
}
