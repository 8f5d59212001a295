package dev.handoff.bundle.fairness;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GroupMetricsTest {
    private static final double EPS = 1e-9;

    /*
     * Group a: truth 1 1 0 0, predicted 1 0 1 0 -> TP 1, FN 1, FP 1, TN 1.
     *   selection 2/4 = 0.5, accuracy 0.5, TPR 1/2, FPR 1/2.
     * Group b: truth 1 1 0 0 0, predicted 1 1 1 0 0 -> TP 2, FN 0, FP 1, TN 2.
     *   selection 3/5 = 0.6, accuracy 4/5, TPR 1, FPR 1/3.
     * DP difference 0.6 - 0.5 = 0.1, DP ratio 0.5 / 0.6, TPR gap 0.5, FPR gap 1/2 - 1/3 = 1/6, EO difference 0.5.
     */
    @Test
    void handComputedTwoGroups() {
        List<String> truth = List.of("1", "1", "0", "0", "1", "1", "0", "0", "0");
        List<String> pred = List.of("1", "0", "1", "0", "1", "1", "1", "0", "0");
        List<String> group = List.of("a", "a", "a", "a", "b", "b", "b", "b", "b");
        GroupMetrics m = GroupMetrics.compute("sex", "1", truth, pred, group);

        GroupStats a = m.groups().get(0);
        GroupStats b = m.groups().get(1);
        assertEquals("a", a.group());
        assertEquals(4, a.n());
        assertEquals(1, a.truePositives());
        assertEquals(1, a.falseNegatives());
        assertEquals(0.5, a.selectionRate().value(), EPS);
        assertEquals(0.5, a.accuracy().value(), EPS);
        assertEquals(0.5, a.truePositiveRate().value(), EPS);
        assertEquals(0.5, a.falsePositiveRate().value(), EPS);
        assertEquals(5, b.n());
        assertEquals(0.6, b.selectionRate().value(), EPS);
        assertEquals(0.8, b.accuracy().value(), EPS);
        assertEquals(1.0, b.truePositiveRate().value(), EPS);
        assertEquals(1.0 / 3, b.falsePositiveRate().value(), EPS);

        assertEquals(0.1, m.demographicParityDifference(), EPS);
        assertEquals(0.5 / 0.6, m.demographicParityRatio(), EPS);
        assertEquals(0.5, m.equalizedOddsDifference(), EPS);
    }

    /*
     * Wilson 95%: 2 of 4: centre = (0.5 + z^2/8) / (1 + z^2/4) = 0.5,
     * half = z * sqrt(0.25/4 + z^2/64) / (1 + z^2/4) = 1.96 * sqrt(0.0625 + 0.060023) / 1.960400 = 0.349965.
     */
    @Test
    void wilsonIntervalMatchesHandComputation() {
        Interval i = Interval.wilson(2, 4);
        assertEquals(0.150035, i.lower(), 1e-5);
        assertEquals(0.849965, i.upper(), 1e-5);
        // 0 of 10: lower bound 0, upper = z^2/n / (1 + z^2/n) = 0.38415 / 1.38415 = 0.27753
        Interval zero = Interval.wilson(0, 10);
        assertEquals(0.0, zero.lower(), EPS);
        assertEquals(0.277533, zero.upper(), 1e-5);
        assertTrue(Double.isNaN(Interval.wilson(0, 0).value()));
    }

    @Test
    void groupWithoutPositivesDoesNotDistortTprGap() {
        // group c has no actual positives: its TPR is undefined and left out of the TPR gap
        List<String> truth = List.of("1", "0", "0", "0");
        List<String> pred = List.of("1", "0", "1", "0");
        List<String> group = List.of("a", "a", "c", "c");
        GroupMetrics m = GroupMetrics.compute("g", "1", truth, pred, group);
        assertTrue(Double.isNaN(m.groups().get(1).truePositiveRate().value()));
        // TPR gap 0 (only a), FPR gap: a 0/1 = 0, c 1/2 = 0.5
        assertEquals(0.5, m.equalizedOddsDifference(), EPS);
    }

    @Test
    void fromTribuoPredictionsUsesExampleTruthAndPredictedLabel() {
        var model = dev.handoff.bundle.TinyModels.logistic();
        var data = dev.handoff.bundle.TinyModels.data(60, 11);
        var predictions = model.predict(data);
        List<String> groups = new java.util.ArrayList<>();
        for (int i = 0; i < predictions.size(); i++) {
            groups.add(i % 2 == 0 ? "even" : "odd");
        }
        GroupMetrics m = GroupMetrics.fromPredictions("parity", "yes", predictions, groups);
        long selected = predictions.stream().filter(p -> p.getOutput().getLabel().equals("yes")).count();
        long selectedCounted = m.groups().stream().mapToLong(g -> g.truePositives() + g.falsePositives()).sum();
        assertEquals(selected, selectedCounted);
        long correct = predictions.stream()
                .filter(p -> p.getOutput().getLabel().equals(p.getExample().getOutput().getLabel())).count();
        assertEquals(correct, m.groups().stream().mapToLong(g -> g.truePositives() + g.trueNegatives()).sum());
        assertEquals(30, m.groups().get(0).n());
    }

    @Test
    void mismatchedLengthsAreRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> GroupMetrics.compute("g", "1", List.of("1"), List.of("1", "0"), List.of("a")));
    }
}
