package dev.handoff.explain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PrincipalReasonsTest {
    static final String YAML = """
            adverse_class: "yes"
            features:
              debt:
                code: R01
                reason: Debt is high compared with income
                monotone: increasing
              late:
                code: R02
                reason: Late payments
              income:
                code: R03
                reason: Income is low
                monotone: decreasing
              age:
                code: R90
                reason: Age
                immutable: true
            """;

    @TempDir
    Path dir;

    static ReasonCodeTable table() throws Exception {
        return ReasonCodeTable.parse(YAML.getBytes(StandardCharsets.UTF_8), "reason-codes.yml");
    }

    /** A hand-made log-odds row: attributions are what a linear model w·(x − mean) gives. */
    private static ExplanationReport report(String explained, String predicted, double... phi) {
        List<String> names = List.of("debt", "late", "income", "age", "noise");
        List<ExplanationReport.FeatureAttribution> f = new java.util.ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            f.add(new ExplanationReport.FeatureAttribution(names.get(i), 10 + i, phi[i]));
        }
        double sum = java.util.Arrays.stream(phi).sum();
        ExplanationReport.RowExplanation row = new ExplanationReport.RowExplanation(7, predicted, "yes", -1.0,
                -1.0 + sum, 0.0, f, ExplanationReport.sigmoid(-1.0), ExplanationReport.sigmoid(-1.0 + sum), Map.of());
        ExplanationReport.RowExplanation approved = new ExplanationReport.RowExplanation(8, "no".equals(predicted)
                ? "yes" : "no", "no", -1.0, -3.0, 0.0, f, 0.27, 0.05, Map.of());
        return new ExplanationReport("m", "Linear", "LINEAR_SHAP", explained, LinearShap.LOG_ODDS, Map.of(),
                List.of(row, approved), List.of(), 0.0);
    }

    private static PrincipalReasons.Settings settings(int max, Set<String> used) throws Exception {
        return new PrincipalReasons.Settings("yes", List.of("no", "yes"), max, used,
                Map.of("debt", 5.0, "late", 20.0, "income", 1.0), table());
    }

    @Test
    void reasonsAreTheLargestPushesTowardAdverseInOrderWithTexts() throws Exception {
        // debt +0.9, late +0.2, income +1.5, age +0.4 (used but immutable: still a reason), noise 0 (unused)
        ExplanationReport r = report("yes", "yes", 0.9, 0.2, 1.5, 0.4, 0.0);
        PrincipalReasons.Report out = PrincipalReasons.compute(r,
                settings(3, Set.of("debt", "late", "income", "age", "noise")));
        assertEquals(1, out.rows().size(), "only the adverse row");
        PrincipalReasons.RowReasons row = out.rows().get(0);
        assertEquals(7, row.row());
        assertEquals(List.of("income", "debt", "age"), row.reasons().stream().map(PrincipalReasons.Reason::feature).toList());
        assertEquals("R03", row.reasons().get(0).code());
        assertEquals("Income is low", row.reasons().get(0).reason());
        assertEquals(1.5, row.reasons().get(0).contribution(), 1e-12);
        assertEquals(12.0, row.reasons().get(0).value());
        assertEquals("high", row.reasons().get(0).direction(), "12 >= mean 1");
        assertEquals("high", row.reasons().get(1).direction(), "10 >= mean 5");
        assertEquals(ExplanationReport.sigmoid(-1.0 + 3.0), row.score(), 1e-12);
        assertTrue(row.warnings().isEmpty(), row.warnings().toString());
        assertEquals(table().sha256(), out.reasonCodesSha256());
        assertEquals("yes", out.adverseClass());
    }

    @Test
    void negativeZeroAndUnusedFeaturesAreNeverReasons() throws Exception {
        ExplanationReport r = report("yes", "yes", -0.9, 0.0, 0.3, 0.0, 2.0);
        PrincipalReasons.RowReasons row = PrincipalReasons.compute(r,
                settings(4, Set.of("debt", "late", "income", "age"))).rows().get(0);
        assertEquals(List.of("income"), row.reasons().stream().map(PrincipalReasons.Reason::feature).toList(),
                "noise is not used by the model; debt pushes toward approval; late and age contribute nothing");
        assertTrue(row.warnings().get(0).contains("Only 1 feature"), row.warnings().toString());
    }

    @Test
    void explainingTheFavourableClassMirrorsTheSigns() throws Exception {
        // the report explains "no": attributions toward "no" are the negated ones toward "yes"
        ExplanationReport r = report("no", "yes", -0.9, -0.2, -1.5, -0.4, 0.0);
        PrincipalReasons.RowReasons row = PrincipalReasons.compute(r,
                settings(2, Set.of("debt", "late", "income", "age"))).rows().get(0);
        assertEquals(List.of("income", "debt"), row.reasons().stream().map(PrincipalReasons.Reason::feature).toList());
        assertEquals(1.5, row.reasons().get(0).contribution(), 1e-12);
        assertEquals(1 - ExplanationReport.sigmoid(-1.0 - 3.0), row.score(), 1e-12);
    }

    @Test
    void anUnmappedFeatureWarnsAndGetsNoInventedText() throws Exception {
        ExplanationReport r = report("yes", "yes", 0.1, 0.0, 0.0, 0.0, 0.8);
        PrincipalReasons.Report out = PrincipalReasons.compute(r, settings(4, Set.of("debt", "noise")));
        PrincipalReasons.Reason noise = out.rows().get(0).reasons().get(0);
        assertEquals("noise", noise.feature());
        assertNull(noise.code());
        assertNull(noise.reason());
        assertFalse(noise.mapped());
        assertEquals("unknown", noise.direction(), "no training mean for noise");
        assertTrue(out.rows().get(0).warnings().get(0).contains("'noise' has no entry"), out.rows().get(0).warnings().toString());
        assertTrue(out.warnings().get(0).contains("noise"), out.warnings().toString());
    }

    @Test
    void aReportOfAnotherClassOfAMultiClassModelIsRefused() throws Exception {
        ExplanationReport r = report("maybe", "yes", 0.1, 0.0, 0.0, 0.0, 0.8);
        PrincipalReasons.Settings s = new PrincipalReasons.Settings("yes", List.of("no", "yes", "maybe"), 4,
                Set.of("debt"), Map.of(), null);
        assertThrows(IllegalArgumentException.class, () -> PrincipalReasons.compute(r, s));
    }

    @Test
    void theTableIsValidated() {
        assertThrows(IllegalArgumentException.class, () -> ReasonCodeTable.parse(
                "features:\n  x:\n    code: R1\n".getBytes(StandardCharsets.UTF_8), "t.yml"), "reason required");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ReasonCodeTable.parse(
                "features:\n  x:\n    code: R1\n    reason: r\n    monotone: up\n".getBytes(StandardCharsets.UTF_8), "t.yml"));
        assertTrue(e.getMessage().contains("'x'") && e.getMessage().contains("monotone"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ReasonCodeTable.parse(
                "features:\n  x:\n    code: R1\n    reason: r\n    immutabel: true\n".getBytes(StandardCharsets.UTF_8), "t.yml"));
    }

    @Test
    void aTableIsFoundInTheFirstDirectoryThatHasOne() throws Exception {
        Files.writeString(dir.resolve(ReasonCodeTable.FILE_NAME), YAML);
        ReasonCodeTable t = ReasonCodeTable.find(java.util.Arrays.asList(null, dir.resolve("nope"), dir)).orElseThrow();
        assertEquals(List.of("age"), t.immutableFeatures());
        assertEquals(ReasonCodeTable.Monotone.INCREASING, t.entry("debt").orElseThrow().monotone());
        assertEquals(ReasonCodeTable.sha256(Files.readAllBytes(dir.resolve(ReasonCodeTable.FILE_NAME))), t.sha256());
    }

    /** A trained logistic model: reasons are a prefix of the row's attributions ranked toward "yes". */
    @Test
    void onATrainedLogisticModelReasonsArePrefixesOfTheRankedAttributions() throws Exception {
        Model<Label> model = new LogisticRegressionTrainer().train(CounterfactualsTest.credit(600, 3));
        FeatureTable data = FeatureTable.fromDataset(CounterfactualsTest.credit(200, 4));
        ExplanationReport report = ExplanationService.run(model, data, new ExplanationService.Request(
                ExplanationService.Kind.LINEAR_SHAP, "yes", java.util.stream.IntStream.range(0, 200).boxed().toList(),
                Explainers.Options.DEFAULTS, 1), ProgressListener.NONE, Cancellation.NONE);
        PrincipalReasons.Report out = PrincipalReasons.of(model, report, table(), null, 4);
        assertFalse(out.rows().isEmpty());
        for (PrincipalReasons.RowReasons rr : out.rows()) {
            ExplanationReport.RowExplanation row = report.rows().stream().filter(x -> x.row() == rr.row()).findFirst()
                    .orElseThrow();
            assertEquals("yes", row.predicted());
            List<String> ranked = row.features().stream().filter(f -> f.attribution() > 0)
                    .sorted((a, b) -> Double.compare(b.attribution(), a.attribution()))
                    .map(ExplanationReport.FeatureAttribution::name).toList();
            List<String> reasons = rr.reasons().stream().map(PrincipalReasons.Reason::feature).toList();
            assertEquals(ranked.subList(0, reasons.size()), reasons);
            assertTrue(reasons.size() <= 4);
        }
        assertEquals(report.rows().stream().filter(x -> x.predicted().equals("yes")).count(), out.rows().size());
    }
}
