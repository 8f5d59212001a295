package dev.handoff.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code handoff cohorts} on the sample's XGBoost run: worst and defined cohorts, text and JSON. */
class CohortsCommandTest extends CliTestBase {
    static final Path PROJECT = SampleProjectCliTest.PROJECT;

    String[] args(String... more) throws Exception {
        String[] base = {"cohorts", "--store", PROJECT.toString(), "--run", ReasonsCommandTest.runId("xgb-eta0.1-d3"),
                "--data", PROJECT.resolve("data/test.csv").toString(), "--label-column", "default", "--group", "group"};
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void printsTheWorstAndTheDefinedCohorts() throws Exception {
        assertEquals(0, run(args("--cohort", "income < 30 and group = 'B'", "--cohort", "age >= 60")), err.toString());
        String text = out.toString();
        assertTrue(text.startsWith("Overall: n="), text);
        assertTrue(text.contains("Worst cohorts (error tree, depth <= 3"), text);
        assertTrue(text.contains("Defined cohorts:\n  income < 30 and group = 'B'\n      n="), text);
        assertTrue(text.contains("AUC ") && text.contains("TPR ") && text.contains("FPR "), text);

        assertEquals(0, run(args("--json", "--cohort", "group = 'B'")), err.toString());
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertEquals("group = 'B'", json.get("defined").get(0).get("filter").asText());
        assertTrue(json.get("tree").get("n").asInt() > 0);
        for (JsonNode w : json.get("worst")) {
            assertTrue(w.get("error_rate").get("value").asDouble() > json.get("overall").get("error_rate").get("value").asDouble());
        }
    }

    @Test
    void aBadCohortNamesItsColumn() throws Exception {
        assertEquals(2, run(args("--cohort", "incme < 30")));
        assertTrue(err.toString().contains("unknown column 'incme'"), err.toString());
        assertEquals(2, run(args("--cohort", "group < 3")));
        assertTrue(err.toString().contains("column 'group' is categorical"), err.toString());
    }
}
