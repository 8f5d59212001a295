package dev.handoff.explain;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** TreeSHAP against brute-force Shapley values of the path-dependent game on random trees and ensembles. */
class TreeShapTest {

    @Test
    void matchesBruteForceShapleyOnRandomEnsembles() {
        Random rnd = new Random(7);
        int checkedRows = 0;
        for (int trial = 0; trial < 40; trial++) {
            int m = 1 + rnd.nextInt(8);
            TreeEnsemble.SplitRule rule = rnd.nextBoolean()
                    ? TreeEnsemble.SplitRule.LESS_OR_EQUAL : TreeEnsemble.SplitRule.FLOAT32_LESS_THAN;
            List<TreeEnsemble.Tree> trees = new ArrayList<>();
            int numTrees = 1 + rnd.nextInt(4);
            for (int t = 0; t < numTrees; t++) {
                trees.add(randomTree(rnd, m, 1 + rnd.nextInt(6)));
            }
            TreeEnsemble ensemble = new TreeEnsemble(names(m), trees, rnd.nextGaussian(), rule, "test");
            TreeShap shap = new TreeShap(ensemble);
            for (int r = 0; r < 5; r++) {
                double[] x = randomRow(rnd, m);
                double[] phi = shap.shapValues(x);
                double[] exact = BruteForceShapley.pathDependent(ensemble, x);
                for (int i = 0; i < m; i++) {
                    assertEquals(exact[i], phi[i], 1e-9, "trial " + trial + " feature " + i);
                }
                Attribution a = shap.explain(x, "out");
                assertTrue(a.additivityResidual() <= 1e-9, "additivity " + a.additivityResidual());
                assertEquals(BruteForceShapley.pathDependentValue(ensemble, x, (1 << m) - 1), a.modelOutput(), 1e-12);
                checkedRows++;
            }
        }
        assertEquals(200, checkedRows);
    }

    @Test
    void zeroCoverSubtreesAndRepeatedFeaturesStayFinite() {
        // Root splits on f0; the left child splits on f0 again and has an empty (cover 0) branch.
        TreeEnsemble.Tree tree = new TreeEnsemble.Tree(
                new int[] {0, 0, -1, -1, -1},
                new double[] {1.0, 0.0, 0, 0, 0},
                new int[] {1, 3, -1, -1, -1},
                new int[] {2, 4, -1, -1, -1},
                new boolean[] {true, false, false, false, false},
                new double[] {10, 6, 4, 0, 6},
                new double[] {0, 0, 5.0, -3.0, 1.0});
        TreeEnsemble ensemble = new TreeEnsemble(names(2), List.of(tree), 0.0,
                TreeEnsemble.SplitRule.LESS_OR_EQUAL, "test");
        TreeShap shap = new TreeShap(ensemble);
        for (double[] x : new double[][] {{-1, 0}, {0.5, 0}, {2, 0}, {Double.NaN, 0}}) {
            double[] phi = shap.shapValues(x);
            double[] exact = BruteForceShapley.pathDependent(ensemble, x);
            assertEquals(exact[0], phi[0], 1e-12);
            assertEquals(0.0, phi[1], 0.0, "a feature the tree never uses gets nothing");
            assertTrue(Double.isFinite(phi[0]));
            assertEquals(ensemble.predict(x), shap.expectedValue() + phi[0] + phi[1], 1e-12);
        }
        // x = -1 lands in the empty leaf: output -3, expectation 0.6*1 + 0.4*5 = 2.6
        assertEquals(2.6, shap.expectedValue(), 1e-12);
        assertEquals(-5.6, shap.shapValues(new double[] {-1, 0})[0], 1e-12);
    }

    @Test
    void float32SplitRuleComparesLikeXgboost() {
        double threshold = 0.1f;  // XGBoost thresholds are float32
        double x = 0.1;           // below 0.1f in double precision, equal to it once rounded to float32
        assertTrue(x < threshold);
        assertFalse(TreeEnsemble.SplitRule.FLOAT32_LESS_THAN.goesLeft(x, threshold), "XGBoost sends x == t right");
        assertTrue(TreeEnsemble.SplitRule.LESS_OR_EQUAL.goesLeft(x, threshold));
    }

    static List<String> names(int m) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            names.add("f" + i);
        }
        return names;
    }

    static double[] randomRow(Random rnd, int m) {
        double[] x = new double[m];
        for (int i = 0; i < m; i++) {
            x[i] = rnd.nextInt(10) == 0 ? Double.NaN : rnd.nextGaussian();
        }
        return x;
    }

    /** A random tree with consistent covers (children sum to the parent), repeated features and random defaults. */
    static TreeEnsemble.Tree randomTree(Random rnd, int m, int maxDepth) {
        List<int[]> structure = new ArrayList<>(); // {feature, left, right}
        List<double[]> data = new ArrayList<>();    // {threshold, cover, value, defaultLeft}
        build(rnd, m, maxDepth, 0, 100 + rnd.nextInt(1000), structure, data);
        int n = structure.size();
        int[] feature = new int[n];
        int[] left = new int[n];
        int[] right = new int[n];
        double[] threshold = new double[n];
        double[] cover = new double[n];
        double[] value = new double[n];
        boolean[] defaultLeft = new boolean[n];
        for (int i = 0; i < n; i++) {
            feature[i] = structure.get(i)[0];
            left[i] = structure.get(i)[1];
            right[i] = structure.get(i)[2];
            threshold[i] = data.get(i)[0];
            cover[i] = data.get(i)[1];
            value[i] = data.get(i)[2];
            defaultLeft[i] = data.get(i)[3] > 0;
        }
        return new TreeEnsemble.Tree(feature, threshold, left, right, defaultLeft, cover, value);
    }

    private static int build(Random rnd, int m, int depthLeft, int depth, double cover, List<int[]> structure,
                             List<double[]> data) {
        int id = structure.size();
        structure.add(new int[] {-1, -1, -1});
        data.add(new double[] {0, cover, rnd.nextGaussian(), 0});
        boolean leaf = depthLeft == 0 || (depth > 0 && rnd.nextInt(4) == 0);
        if (!leaf) {
            double share = 0.05 + 0.9 * rnd.nextDouble();
            int l = build(rnd, m, depthLeft - 1, depth + 1, cover * share, structure, data);
            int r = build(rnd, m, depthLeft - 1, depth + 1, cover - cover * share, structure, data);
            structure.set(id, new int[] {rnd.nextInt(m), l, r});
            data.set(id, new double[] {rnd.nextGaussian() * 0.8, cover, 0, rnd.nextBoolean() ? 1 : 0});
        }
        return id;
    }
}
