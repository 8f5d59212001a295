package dev.handoff.explain;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.ToDoubleFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The dependence plot and the monotonicity check on hand-built models, one intentionally non-monotone. */
class MonotonicityCheckTest {
    static final List<String> FEATURES = List.of("late_payments", "debt_ratio", "tenure");

    static final String TABLE = """
            adverse_class: "bad"
            features:
              late_payments: {code: R01, reason: Late payments, monotone: increasing}
              debt_ratio: {code: R02, reason: Debt, monotone: increasing}
              tenure: {code: R03, reason: Short tenure, monotone: decreasing}
              not_in_model: {code: R09, reason: Other, monotone: increasing}
            """;

    /** Risk falls again after 5 late payments: the model a reviewer must catch. */
    static final ToDoubleFunction<double[]> NON_MONOTONE = x -> 0.5 - 0.02 * Math.pow(x[0] - 5, 2) + 0.3 * x[1]
            - 0.01 * x[2];
    static final ToDoubleFunction<double[]> MONOTONE = x -> 0.1 + 0.05 * x[0] + 0.3 * x[1] - 0.01 * x[2];

    static FeatureTable data() {
        Random random = new Random(7);
        double[][] rows = new double[60][];
        for (int r = 0; r < rows.length; r++) {
            rows[r] = new double[]{r % 11, Math.round(random.nextDouble() * 100) / 100.0, random.nextInt(20)};
        }
        return FeatureTable.of(FEATURES, rows);
    }

    static ModelFunction function(ToDoubleFunction<double[]> f) {
        return rows -> java.util.Arrays.stream(rows).mapToDouble(f).toArray();
    }

    /**
     * Exact interventional SHAP of a model additive in its features: φ_i = f(x with x_i) − f(x with the mean) over the
     * background, i.e. each feature's own term centred; good enough for additive test models.
     */
    static ExplanationReport explain(ToDoubleFunction<double[]> f, FeatureTable data) {
        int n = data.numRows();
        int p = FEATURES.size();
        List<ExplanationReport.RowExplanation> rows = new ArrayList<>();
        double base = 0;
        for (double[] b : data.rows()) {
            base += f.applyAsDouble(b) / n;
        }
        for (int r = 0; r < n; r++) {
            double[] x = data.row(r);
            double[] phi = new double[p];
            for (int i = 0; i < p; i++) {
                double with = 0;
                double without = 0;
                for (double[] b : data.rows()) {
                    double[] z = b.clone();
                    without += f.applyAsDouble(z) / n;
                    z[i] = x[i];
                    with += f.applyAsDouble(z) / n;
                }
                phi[i] = with - without;
            }
            Attribution a = new Attribution(FEATURES, x, phi, base, f.applyAsDouble(x), "bad", "probability",
                    ExplanationMethod.KERNEL_SHAP, Map.of());
            rows.add(ExplanationReport.row(r, "bad", "bad", a));
        }
        return new ExplanationReport("m", "test", "KERNEL_SHAP", "bad", "probability", Map.of(), rows, List.of(), 0.0);
    }

    static ReasonCodeTable table() throws Exception {
        return ReasonCodeTable.parse(TABLE.getBytes(StandardCharsets.UTF_8), "reason-codes.yml");
    }

    static MonotonicityCheck.Report check(ToDoubleFunction<double[]> f, boolean adverse) throws Exception {
        FeatureTable data = data();
        return MonotonicityCheck.check(explain(f, data), table(), function(f), FEATURES, data, adverse,
                MonotonicityCheck.DEFAULT_GRID, MonotonicityCheck.DEFAULT_TOLERANCE, Cancellation.NONE);
    }

    @Test
    void anIntentionallyNonMonotoneModelIsFlaggedWithItsRows() throws Exception {
        MonotonicityCheck.Report report = check(NON_MONOTONE, true);
        assertFalse(report.holds());
        assertEquals(List.of("late_payments"), report.violated());
        MonotonicityCheck.FeatureResult late = report.forFeature("late_payments");
        assertEquals(MonotonicityCheck.Verdict.VIOLATED, late.verdict());
        // every row: its ICE curve falls from 5 to 10 late payments
        assertEquals(60, late.violatingRows().size());
        assertEquals(60 * 5, late.iceViolationCount());
        MonotonicityCheck.IceViolation first = late.iceViolations().get(0);
        assertEquals(0, first.row());
        assertTrue(first.toOutput() < first.fromOutput());
        // the dependence plot's reading agrees: the mean attribution falls over the bins {5, 6}, {7, 8}, {9, 10}
        assertEquals(2, late.trendViolations().size());
        assertEquals(7.0, late.trendViolations().get(0).toValue());
        assertEquals(MonotonicityCheck.Verdict.HOLDS, report.forFeature("debt_ratio").verdict());
        assertEquals(MonotonicityCheck.Verdict.HOLDS, report.forFeature("tenure").verdict());
        assertEquals(MonotonicityCheck.Verdict.NOT_CHECKED, report.forFeature("not_in_model").verdict());
        assertTrue(late.summary().contains("violated"), late.summary());
    }

    @Test
    void aMonotoneModelPasses() throws Exception {
        MonotonicityCheck.Report report = check(MONOTONE, true);
        assertTrue(report.holds(), report.toString());
        assertTrue(report.violated().isEmpty());
        assertTrue(report.forFeature("late_payments").trendViolations().isEmpty());
        assertEquals(11, report.forFeature("late_payments").grid().length);
    }

    @Test
    void theDirectionIsTheAdverseOutcomes() throws Exception {
        // the same scores read as P(good): every declared direction is reversed, so all three fail
        MonotonicityCheck.Report report = check(MONOTONE, false);
        assertEquals(List.of("late_payments", "debt_ratio", "tenure"), report.violated());
    }

    @Test
    void withoutAModelTheAttributionTrendDecides() throws Exception {
        FeatureTable data = data();
        MonotonicityCheck.Report report = MonotonicityCheck.check(explain(NON_MONOTONE, data), table(), null,
                FEATURES, data, true, 20, 1e-6, Cancellation.NONE);
        assertFalse(report.ice());
        assertEquals(List.of("late_payments"), report.violated());
        assertFalse(report.forFeature("late_payments").violatingRows().isEmpty());
    }

    @Test
    void dependenceColoursByTheInteractingFeature() {
        ToDoubleFunction<double[]> interacting = x -> 0.05 * x[0] * x[1] + 0.001 * x[2];
        FeatureTable data = data();
        // kernel-free: build the attribution of late_payments as its effect at this row's debt_ratio
        List<ExplanationReport.RowExplanation> rows = new ArrayList<>();
        for (int r = 0; r < data.numRows(); r++) {
            double[] x = data.row(r);
            double[] phi = {0.05 * (x[0] - 5) * x[1], 0.05 * 5 * (x[1] - 0.5), 0.001 * (x[2] - 10)};
            rows.add(ExplanationReport.row(r, "bad", "bad", new Attribution(FEATURES, x, phi, 0,
                    interacting.applyAsDouble(x), "bad", "probability", ExplanationMethod.KERNEL_SHAP, Map.of())));
        }
        ExplanationReport report = new ExplanationReport("m", "t", "KERNEL_SHAP", "bad", "probability", Map.of(),
                rows, List.of(), 0.0);
        Dependence d = Dependence.of(report, "late_payments");
        assertEquals("debt_ratio", d.interaction());
        assertEquals(60, d.points().size());
        for (int i = 1; i < d.points().size(); i++) {
            assertTrue(d.points().get(i - 1).value() <= d.points().get(i).value());
        }
        Dependence.Point p = d.points().get(0);
        assertEquals(data.row(p.row())[1], p.interactionValue());
        // a model without interactions: what residual spread there is (bins straddle two values) is chance
        Dependence additive = Dependence.of(explain(MONOTONE, data), "late_payments");
        assertTrue(additive.interactionScore() < d.interactionScore() / 2,
                additive.interactionScore() + " vs " + d.interactionScore());
    }
}
