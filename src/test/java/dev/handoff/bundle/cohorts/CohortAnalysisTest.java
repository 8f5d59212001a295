package dev.handoff.bundle.cohorts;

import dev.handoff.explain.Cancellation;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CohortAnalysisTest {

    /**
     * 2000 rows, income 10..99, age 20..69, group A/B/C; the predictions are wrong 70% of the time where income &lt; 30
     * and group = 'B', 5% elsewhere.
     */
    static CohortData planted(long seed) {
        Random rnd = new Random(seed);
        int n = 2000;
        double[][] rows = new double[n][];
        List<String> group = new ArrayList<>();
        List<String> truth = new ArrayList<>();
        List<String> predicted = new ArrayList<>();
        double[] scores = new double[n];
        for (int r = 0; r < n; r++) {
            double income = 10 + rnd.nextInt(90);
            double age = 20 + rnd.nextInt(50);
            rows[r] = new double[]{income, age};
            String g = List.of("A", "B", "C").get(rnd.nextInt(3));
            group.add(g);
            String t = rnd.nextBoolean() ? "bad" : "good";
            truth.add(t);
            boolean planted = income < 30 && g.equals("B");
            boolean wrong = rnd.nextDouble() < (planted ? 0.7 : 0.05);
            String p = wrong ? (t.equals("bad") ? "good" : "bad") : t;
            predicted.add(p);
            scores[r] = p.equals("bad") ? 0.5 + rnd.nextDouble() / 2 : rnd.nextDouble() / 2;
        }
        return new CohortData(List.of("income", "age"), rows, Map.of("group", group), truth, predicted, scores, "bad");
    }

    @Test
    void theErrorTreesWorstLeafIsThePlantedCohort() {
        CohortData data = planted(7);
        CohortAnalysis a = CohortAnalysis.run(data, List.of("income < 30 and group = 'B'"), 3, 30, Cancellation.NONE);
        CohortStats worst = a.worst().get(0);
        ErrorTree.Node leaf = ErrorTree.worstLeaves(a.tree()).get(0);
        // the planted cohort: group = 'B' and income below a threshold next to 30 (the one the rows' errors support)
        assertEquals(2, leaf.path().size(), leaf.path().toString());
        assertTrue(leaf.path().contains("group = 'B'"), leaf.path().toString());
        String income = leaf.path().stream().filter(c -> c.startsWith("income < ")).findFirst().orElseThrow();
        double threshold = Double.parseDouble(income.substring("income < ".length()));
        assertTrue(threshold > 27 && threshold < 31, income);
        Set<Integer> found = rowsOf(data, leaf.filter());
        Set<Integer> plantedRows = rowsOf(data, "income < 30 and group = 'B'");
        Set<Integer> both = new java.util.HashSet<>(found);
        both.retainAll(plantedRows);
        assertTrue(both.size() >= 0.9 * plantedRows.size() && both.size() >= 0.9 * found.size(),
                found.size() + " rows found, " + plantedRows.size() + " planted, " + both.size() + " in both");
        assertEquals(leaf.filter(), worst.filter());
        assertTrue(worst.errorRate().value() > 0.6, "planted error rate ~0.7: " + worst.errorRate());
        assertTrue(a.overall().errorRate().value() < 0.15, a.overall().errorRate().toString());
        assertTrue(worst.errorRate().lower() > a.overall().errorRate().upper(), "intervals separate");
        // the reviewer's definition of the same cohort has the same rows and numbers
        CohortStats defined = a.defined().get(0);
        assertTrue(Math.abs(defined.errorRate().value() - worst.errorRate().value()) < 0.05);
        assertEquals(leaf.n(), worst.n());
        assertTrue(a.tree().nodes().stream().allMatch(nd -> nd.path().size() <= 3 && nd.n() >= 30 || nd == a.tree()));
    }

    private static Set<Integer> rowsOf(CohortData data, String filter) {
        return java.util.Arrays.stream(CohortFilter.parse(filter, data).rows(data)).boxed()
                .collect(java.util.stream.Collectors.toSet());
    }

    @Test
    void statsFollowTheFairnessDefinitions() {
        CohortData data = planted(3);
        CohortStats all = CohortAnalysis.run(data, List.of(), 0, 1, Cancellation.NONE).overall();
        long tp = all.stats().truePositives();
        long fn = all.stats().falseNegatives();
        assertEquals(tp / (double) (tp + fn), all.stats().truePositiveRate().value(), 1e-12);
        assertEquals(1 - all.stats().accuracy().value(), all.errorRate().value(), 1e-12);
        assertTrue(all.auc().value() > 0.8 && all.auc().lower() < all.auc().value() && all.auc().upper() > all.auc().value());
        assertTrue(CohortAnalysis.run(data, List.of(), 0, 1, Cancellation.NONE).tree().leaf(), "depth 0 is one leaf");
    }

    @Test
    void aTreeWithoutSignalDoesNotSplitBelowTheMinimumLeaf() {
        CohortData data = planted(5);
        ErrorTree.Node root = ErrorTree.grow(data, 3, 900, Cancellation.NONE);
        assertTrue(root.nodes().stream().allMatch(n -> n.n() >= 900));
        assertThrows(IllegalArgumentException.class, () -> ErrorTree.grow(data, 4, 10, Cancellation.NONE));
    }

    @Test
    void textNamesTheWorstAndDefinedCohorts() {
        CohortAnalysis a = CohortAnalysis.run(planted(7), List.of("age >= 50"), 3, 30, Cancellation.NONE);
        String text = a.text();
        assertTrue(text.contains("Worst cohorts"), text);
        assertTrue(text.contains("group = 'B'"), text);
        assertTrue(text.contains("age >= 50"), text);
        assertFalse(text.contains("NaN"), text);
    }
}
