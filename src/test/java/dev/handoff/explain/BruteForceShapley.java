package dev.handoff.explain;

import java.util.function.IntToDoubleFunction;

/** Exact Shapley values by enumerating all coalitions; the reference the fast algorithms are tested against. */
final class BruteForceShapley {

    private BruteForceShapley() {
    }

    /** Shapley values of the game {@code value(coalition bitmask)} over {@code m} players. */
    static double[] shapley(int m, IntToDoubleFunction value) {
        double[] v = new double[1 << m];
        for (int s = 0; s < v.length; s++) {
            v[s] = value.applyAsDouble(s);
        }
        double[] phi = new double[m];
        for (int i = 0; i < m; i++) {
            for (int s = 0; s < v.length; s++) {
                if ((s & (1 << i)) != 0) {
                    continue;
                }
                int size = Integer.bitCount(s);
                phi[i] += weight(m, size) * (v[s | (1 << i)] - v[s]);
            }
        }
        return phi;
    }

    /** |S|!(M−|S|−1)!/M! computed as 1 / (M · C(M−1, |S|)). */
    static double weight(int m, int size) {
        double binom = 1;
        for (int k = 1; k <= size; k++) {
            binom = binom * (m - 1 - size + k) / k;
        }
        return 1.0 / (m * binom);
    }

    /** Path-dependent SHAP of a tree ensemble by enumeration (the definition TreeSHAP computes). */
    static double[] pathDependent(TreeEnsemble ensemble, double[] x) {
        return shapley(ensemble.numFeatures(), s -> pathDependentValue(ensemble, x, s));
    }

    /** E[f(x) | x_S] with features outside S integrated out by cover fractions. */
    static double pathDependentValue(TreeEnsemble ensemble, double[] x, int coalition) {
        double sum = ensemble.baseScore();
        for (TreeEnsemble.Tree tree : ensemble.trees()) {
            sum += conditional(tree, ensemble.splitRule(), x, coalition, 0);
        }
        return sum;
    }

    private static double conditional(TreeEnsemble.Tree tree, TreeEnsemble.SplitRule rule, double[] x, int coalition,
                                      int node) {
        if (tree.isLeaf(node)) {
            return tree.value(node);
        }
        int f = tree.feature(node);
        if ((coalition & (1 << f)) != 0) {
            return conditional(tree, rule, x, coalition, tree.next(node, x[f], rule));
        }
        int l = tree.left(node);
        int r = tree.right(node);
        return tree.fraction(node, l) * conditional(tree, rule, x, coalition, l)
                + tree.fraction(node, r) * conditional(tree, rule, x, coalition, r);
    }
}
