package dev.handoff.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.handoff.bundle.checklist.ChecklistIo;
import dev.handoff.bundle.checklist.ExportPolicy;
import dev.handoff.bundle.cohorts.CohortAnalysis;
import dev.handoff.bundle.cohorts.CohortData;
import dev.handoff.bundle.model.ModelArtifact;
import dev.handoff.bundle.review.ExplanationReview;
import dev.handoff.bundle.review.ResultDigest;
import dev.handoff.bundle.review.ResultSubjects;
import dev.handoff.bundle.review.ReviewStore;
import dev.handoff.bundle.review.ReviewSubject;
import dev.handoff.bundle.review.SignableResult;
import dev.handoff.explain.Cancellation;
import dev.handoff.explain.Counterfactuals;
import dev.handoff.explain.ExplanationReport;
import dev.handoff.explain.ExplanationService;
import dev.handoff.explain.Explainers;
import dev.handoff.explain.FeatureTable;
import dev.handoff.explain.MonotonicityCheck;
import dev.handoff.explain.ProgressListener;
import dev.handoff.explain.ReasonCodeTable;
import dev.handoff.explain.ReferenceData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Model;
import org.tribuo.classification.Label;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sign-offs of the results beside an explanation (cohort analysis, counterfactuals, monotonicity verdict): each
 * names the model and the result by SHA-256, carries the result, and is refused by export, verify and the promotion
 * gate when the model is another or the result changed after it was signed.
 */
class ResultSignOffTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant WHEN = Instant.parse("2026-12-04T10:00:00Z");
    private static final String CODES = """
            adverse_class: "no"
            features:
              age: {code: R01, reason: Age, immutable: true}
              income: {code: R02, reason: Income is low, monotone: decreasing}
              debt: {code: R03, reason: Debt is high, monotone: increasing}
            """;

    @TempDir
    static Path dir;
    static ModelArtifact model;
    static ModelArtifact other;
    static FeatureTable data;
    static ReasonCodeTable table;
    static ReferenceData training;
    static ExplanationReport local;
    static CohortAnalysis cohorts;
    static Counterfactuals.Result counterfactuals;
    static MonotonicityCheck.Report monotonicity;
    static SignableResult cohortsSigned;
    static SignableResult counterfactualsSigned;
    static SignableResult monotonicitySigned;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void results() throws Exception {
        Path file = dir.resolve("model.tribuo");
        TinyModels.logistic().serializeToFile(file);
        model = ModelArtifact.fromFile(file);
        Path otherFile = dir.resolve("other.tribuo");
        TinyModels.cart().serializeToFile(otherFile);
        other = ModelArtifact.fromFile(otherFile);
        Model<Label> m = (Model<Label>) model.model();
        data = FeatureTable.fromDataset(TinyModels.data(120, 3));
        training = new ReferenceData(FeatureTable.fromDataset(TinyModels.data(200, 7)), "training data: train.csv",
                "ab".repeat(32));
        table = ReasonCodeTable.parse(CODES.getBytes(StandardCharsets.UTF_8), "reason-codes.yml");
        local = ExplanationService.run(m, data, new ExplanationService.Request(ExplanationService.Kind.AUTO, "no",
                IntStream.range(0, 20).boxed().toList(), new Explainers.Options(20, 0, 200, 1L), 1),
                ProgressListener.NONE, Cancellation.NONE);
        CohortData scored = CohortData.score(m, data, java.util.Map.of(), "yes");
        cohorts = CohortAnalysis.run(scored, List.of("income < 0"), 2, 10, Cancellation.NONE);
        Counterfactuals.Options options = Counterfactuals.Options.DEFAULTS.withCount(2);
        int adverseRow = IntStream.range(0, data.numRows()).filter(r -> data.labels().get(r).equals("no"))
                .findFirst().orElseThrow();
        counterfactuals = new Counterfactuals(m, "no", training, table, options)
                .search(adverseRow, data.row(adverseRow), ProgressListener.NONE, Cancellation.NONE);
        monotonicity = MonotonicityCheck.ofClassifier(m, local, table, "no", training.table(), Cancellation.NONE);

        cohortsSigned = ResultSubjects.cohorts(model, "test.csv", "cd".repeat(32), "default", List.of("income < 0"),
                List.of(), cohorts);
        counterfactualsSigned = ResultSubjects.counterfactuals(model, "test.csv", "cd".repeat(32), options, training,
                table, counterfactuals);
        monotonicitySigned = ResultSubjects.monotonicity(model, "test.csv", "cd".repeat(32), local, training,
                monotonicity);
    }

    @Test
    void eachResultSignOffNamesTheModelTheResultAndWhatShapedIt() {
        ReviewSubject c = cohortsSigned.subject();
        assertEquals(ReviewSubject.COHORTS, c.method());
        assertEquals(model.sha256(), c.modelSha256());
        assertEquals(ResultDigest.sha256(cohorts), c.resultSha256());
        assertEquals("income < 0", c.parameters().get("cohorts.filters"));
        assertEquals("2", c.parameters().get("cohorts.maxDepth"));
        assertEquals("10", c.parameters().get("cohorts.minLeaf"));

        ReviewSubject f = counterfactualsSigned.subject();
        assertEquals(ReviewSubject.COUNTERFACTUALS, f.method());
        assertEquals(model.sha256(), f.modelSha256());
        assertEquals(ResultDigest.sha256(counterfactuals), f.resultSha256());
        assertEquals(List.of(counterfactuals.row()), f.rows());
        assertEquals("2", f.parameters().get("counterfactuals.count"));
        assertEquals(training.sha256(), f.parameters().get("trainingSha256"));
        assertEquals(table.sha256(), f.parameters().get("reasons.codesSha256"));
        assertEquals("age", f.parameters().get("counterfactuals.immutable"));

        ReviewSubject v = monotonicitySigned.subject();
        assertEquals(ReviewSubject.MONOTONICITY, v.method());
        assertEquals(model.sha256(), v.modelSha256());
        assertEquals(ResultDigest.sha256(monotonicity), v.resultSha256());
        assertEquals(20, v.rows().size());
        assertEquals(table.sha256(), v.parameters().get("reasons.codesSha256"));
        assertEquals(Boolean.toString(monotonicity.holds()), v.parameters().get("monotonicity.holds"));
        // three results, three digests
        assertEquals(3, List.of(c.resultSha256(), f.resultSha256(), v.resultSha256()).stream().distinct().count());
    }

    @Test
    void aSignOffCarriesItsResultAndCannotBeMadeOfAnother() throws Exception {
        ExplanationReview review = ExplanationReview.of(cohortsSigned, ExplanationReview.Decision.APPROVED, "Dana",
                "", WHEN);
        ReviewStore store = new ReviewStore(dir.resolve("reviews"));
        store.add(review);
        ExplanationReview back = store.reviews(model.ref()).get(0);
        assertEquals(review.subject(), back.subject());
        assertEquals(review.decision(), back.decision());
        assertEquals(cohortsSigned.subject().resultSha256(), ResultDigest.sha256(back.result()));
        // the subject of one result with another result: refused
        JsonNode otherResult = ResultDigest.canonical(counterfactuals);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ExplanationReview(
                cohortsSigned.subject(), model.ref(), ExplanationReview.Decision.APPROVED, "Dana", "",
                WHEN.toString(), otherResult));
        assertTrue(e.getMessage().contains("does not match its digest"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ExplanationReview(cohortsSigned.subject(), model.ref(),
                ExplanationReview.Decision.APPROVED, "Dana", "", WHEN.toString(), null));
    }

    private static List<ExplanationReview> reviews() {
        return List.of(
                ExplanationReview.of(cohortsSigned, ExplanationReview.Decision.APPROVED, "Dana", "", WHEN),
                ExplanationReview.of(counterfactualsSigned, ExplanationReview.Decision.APPROVED, "Dana", "", WHEN),
                ExplanationReview.of(monotonicitySigned, ExplanationReview.Decision.APPROVED, "Dana", "", WHEN));
    }

    private static Path bundle(String name, ModelArtifact bundled) throws Exception {
        Path out = dir.resolve(name);
        BundleWriter.named("credit").model(bundled, null, "one row of zeros")
                .checklist(ChecklistIo.loadDefault(), ExportPolicy.WARN).signOffs(reviews(), bundled.sha256())
                .write(out);
        return out;
    }

    @Test
    void aBundleCarriesTheSignedResultsAndVerifyAndTheGateAcceptThem() throws Exception {
        Path out = bundle("intact", model);
        JsonNode stored = JSON.readTree(out.resolve("explanations/signoffs.json").toFile());
        assertEquals(3, stored.size());
        assertEquals(List.of("COHORTS", "COUNTERFACTUALS", "MONOTONICITY"),
                List.of(stored.get(0).at("/subject/method").asText(), stored.get(1).at("/subject/method").asText(),
                        stored.get(2).at("/subject/method").asText()));
        assertEquals(monotonicitySigned.subject().resultSha256(), ResultDigest.sha256(stored.get(2).get("result")));
        VerificationReport report = BundleVerifier.verify(out, null);
        assertTrue(report.intact(), report.describe().toString());
        PromotionGate.Decision gate = PromotionGate.check(out, null, model.sha256());
        assertTrue(gate.outstanding().stream().noneMatch(l -> l.contains("sign-off") && !l.contains("no reviewer")),
                gate.outstanding().toString());
        BundleContents contents = BundleContents.read(out);
        String details = contents.explanations().stream().filter(x -> x.file().equals("signoffs.json")).findFirst()
                .orElseThrow().details();
        assertTrue(details.contains("Dana: approved COHORTS result sha256:") && !details.contains("NOT VALID"), details);
    }

    @Test
    void resultSignOffsOfAnotherModelAreRefusedAtExportAndNeverBundled() throws Exception {
        BundleWriter refusing = BundleWriter.named("credit").model(other, null, "zeros")
                .checklist(ChecklistIo.loadDefault(), ExportPolicy.REFUSE).signOffs(reviews(), other.sha256());
        ExportRefusedException e = assertThrows(ExportRefusedException.class, () -> refusing.write(dir.resolve("no")));
        assertTrue(e.getMessage().contains("(COHORTS)") && e.getMessage().contains(model.sha256()), e.getMessage());
        assertFalse(Files.exists(dir.resolve("no")));
        Path warned = bundle("warned", other);
        assertEquals(0, JSON.readTree(warned.resolve("explanations/signoffs.json").toFile()).size());
    }

    @Test
    void aResultChangedAfterSignOffOrAnotherModelsSignOffIsRefusedByVerifyAndTheGate() throws Exception {
        Path changed = bundle("changed", model);
        Path file = changed.resolve("explanations/signoffs.json");
        ArrayNode stored = (ArrayNode) JSON.readTree(file.toFile());
        ObjectNode overall = (ObjectNode) stored.get(0).get("result").get("overall");
        overall.set("n", DoubleNode.valueOf(overall.get("n").asDouble() + 1)); // the cohort result is edited
        ((ObjectNode) stored.get(1).get("subject")).put("model_sha256", other.sha256()); // moved to another model
        Files.write(file, JSON.writeValueAsBytes(stored));

        VerificationReport report = BundleVerifier.verify(changed, null);
        assertFalse(report.intact());
        assertTrue(report.problems().stream().anyMatch(p -> p.contains("Dana's COHORTS sign-off")
                && p.contains("changed after sign-off")), report.problems().toString());
        assertTrue(report.problems().stream().anyMatch(p -> p.contains("Dana's COUNTERFACTUALS sign-off names another"
                + " model (sha256 " + other.sha256())), report.problems().toString());
        PromotionGate.Decision gate = PromotionGate.check(changed, null, model.sha256());
        assertTrue(gate.outstanding().stream().anyMatch(l -> l.startsWith("sign-offs: Dana's COHORTS sign-off")
                && l.contains("changed after sign-off")), gate.outstanding().toString());
        assertTrue(gate.outstanding().stream().anyMatch(l -> l.startsWith("sign-offs: Dana's COUNTERFACTUALS")),
                gate.outstanding().toString());
        String details = BundleContents.read(changed).explanations().stream()
                .filter(x -> x.file().equals("signoffs.json")).findFirst().orElseThrow().details();
        assertTrue(details.contains("NOT VALID"), details);
        assertNotEquals(cohortsSigned.subject().resultSha256(), ResultDigest.sha256(stored.get(0).get("result")));
    }

    @Test
    void theCanonicalDigestIgnoresKeyOrderButNotValues() throws Exception {
        JsonNode a = JSON.readTree("{\"b\": 1, \"a\": [1.5, {\"y\": 2, \"x\": 3}]}");
        JsonNode b = JSON.readTree("{\"a\": [1.5, {\"x\": 3, \"y\": 2}], \"b\": 1}");
        JsonNode c = JSON.readTree("{\"a\": [1.5, {\"x\": 3, \"y\": 2}], \"b\": 2}");
        assertEquals(ResultDigest.sha256(a), ResultDigest.sha256(b));
        assertNotEquals(ResultDigest.sha256(a), ResultDigest.sha256(c));
        // a result read back from JSON has the digest of the value it was written from
        assertEquals(ResultDigest.sha256(monotonicity),
                ResultDigest.sha256(JSON.readTree(JSON.writeValueAsBytes(monotonicity))));
    }
}
