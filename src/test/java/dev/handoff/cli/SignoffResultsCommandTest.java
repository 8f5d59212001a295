package dev.handoff.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.handoff.bundle.io.Digests;
import dev.handoff.bundle.review.ExplanationReview;
import dev.handoff.bundle.review.ResultDigest;
import dev.handoff.bundle.review.ReviewStore;
import dev.handoff.explain.ReasonCodeTable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code handoff signoff --monotonicity} / {@code --counterfactuals N}: result sign-offs from the command line. */
class SignoffResultsCommandTest extends CliTestBase {
    static final Path PROJECT = SampleProjectCliTest.PROJECT;
    @TempDir
    Path tmp;
    private String previous;

    @BeforeEach
    void reviewsInTmp() {
        previous = System.setProperty(ReviewStore.DIR_PROPERTY, tmp.resolve("reviews").toString());
    }

    @AfterEach
    void restore() {
        if (previous == null) {
            System.clearProperty(ReviewStore.DIR_PROPERTY);
        } else {
            System.setProperty(ReviewStore.DIR_PROPERTY, previous);
        }
    }

    @Test
    void theVerdictAndEachRowsCounterfactualsAreSignedByDigestAndBundled() throws Exception {
        String id = ReasonsCommandTest.runId("logreg-adagrad-lr0.05");
        Path data = PROJECT.resolve("data/test.csv");
        String[] base = {"signoff", "--store", PROJECT.toString(), "--run", id, "--data", data.toString(),
                "--label-column", "default", "--method", "linearshap", "--rows", "0-29", "--reviewer", "Dana"};
        assertEquals(0, run(concat(base, "--decision", "approve", "--monotonicity")), err.toString());
        assertTrue(out.toString().contains("MONOTONICITY for 'yes'") && out.toString().contains("result sha256:"),
                out.toString());
        assertEquals(0, run(concat(base, "--decision", "approve", "--counterfactuals", "2")), err.toString());

        String ref = ReviewStore.runModelRef(id, "model/model.tribuo");
        List<ExplanationReview> saved = ReviewStore.userDefault().reviews(ref);
        assertTrue(saved.size() >= 2, saved.toString());
        ExplanationReview verdict = saved.get(0);
        assertEquals("MONOTONICITY", verdict.method());
        assertEquals(30, verdict.subject().rows().size());
        assertEquals(Digests.sha256Hex(data), verdict.subject().dataSha256());
        assertEquals(ReasonCodeTable.read(PROJECT.resolve("reason-codes.yml")).sha256(),
                verdict.subject().parameters().get("reasons.codesSha256"));
        assertEquals(verdict.subject().resultSha256(), ResultDigest.sha256(verdict.result()));
        List<ExplanationReview> cfs = saved.subList(1, saved.size());
        for (ExplanationReview r : cfs) {
            assertEquals("COUNTERFACTUALS", r.method());
            assertEquals(1, r.subject().rows().size());
            assertEquals(r.subject().rows().get(0).intValue(), r.result().get("row").asInt());
            assertEquals("2", r.subject().parameters().get("counterfactuals.count"));
            assertEquals(verdict.modelSha256(), r.modelSha256());
        }
        assertEquals(cfs.size(), cfs.stream().map(r -> r.subject().rows().get(0)).distinct().count(), "one a row");

        Path bundle = tmp.resolve("bundle");
        assertEquals(0, run("bundle", "export", "--store", PROJECT.toString(), "--run", id, "--data", data.toString(),
                "--label-column", "default", "--explain-rows", "5", "--policy", "warn", "--out", bundle.toString()),
                err.toString());
        JsonNode list = new ObjectMapper().readTree(bundle.resolve("explanations/signoffs.json").toFile());
        assertEquals(saved.size(), list.size());
        assertEquals("MONOTONICITY", list.get(0).at("/subject/method").asText());
        assertEquals(0, run("verify", bundle.toString()), out.toString());
    }

    @Test
    void theCohortAnalysisIsSignedWithItsFiltersAndGroups() throws Exception {
        String id = ReasonsCommandTest.runId("logreg-adagrad-lr0.05");
        Path data = PROJECT.resolve("data/test.csv");
        String[] base = {"signoff", "--store", PROJECT.toString(), "--run", id, "--data", data.toString(),
                "--label-column", "default", "--reviewer", "Dana", "--decision", "approve", "--cohort-analysis",
                "--group", "group"};
        assertEquals(2, run(concat(base, "--cohort", "incme < 3")));
        assertTrue(err.toString().contains("incme"), err.toString());
        assertEquals(0, run(concat(base, "--cohort", "group = 'B'")), err.toString());
        List<ExplanationReview> saved = ReviewStore.userDefault().reviews(ReviewStore.runModelRef(id,
                "model/model.tribuo"));
        assertEquals(1, saved.size(), "the refused filter recorded nothing");
        ExplanationReview r = saved.get(0);
        assertEquals("COHORTS", r.method());
        assertEquals("group = 'B'", r.subject().parameters().get("cohorts.filters"));
        assertEquals("group", r.subject().parameters().get("cohorts.groups"));
        assertEquals("group = 'B'", r.result().at("/defined/0/filter").asText());
        assertEquals(r.subject().resultSha256(), ResultDigest.sha256(r.result()));
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
