package dev.handoff.explain;

import java.util.List;
import java.util.Objects;

/**
 * A neutral, additive tree ensemble: {@code output(x) = baseScore + Σ_t tree_t(x)}. Adapters translate Tribuo CART
 * trees and XGBoost boosters into this form; {@link TreeShap} explains it.
 *
 * @param featureNames feature names; node feature indices point into this list
 * @param trees        the trees, all contributing to the same output
 * @param baseScore    constant added to the sum of the trees (e.g. XGBoost's base margin)
 * @param splitRule    how a split compares a feature value with its threshold
 * @param outputSpace  what the output is, e.g. {@code "probability"} or {@code "margin (log-odds)"}
 */
public record TreeEnsemble(List<String> featureNames, List<Tree> trees, double baseScore, SplitRule splitRule,
                           String outputSpace) {

    public TreeEnsemble {
        featureNames = List.copyOf(featureNames);
        trees = List.copyOf(trees);
        Objects.requireNonNull(splitRule, "splitRule");
        Objects.requireNonNull(outputSpace, "outputSpace");
        for (int t = 0; t < trees.size(); t++) {
            Tree tree = trees.get(t);
            for (int n = 0; n < tree.size(); n++) {
                if (!tree.isLeaf(n) && (tree.feature[n] < 0 || tree.feature[n] >= featureNames.size())) {
                    throw new IllegalArgumentException("Tree " + t + " node " + n + " splits on feature index "
                            + tree.feature[n] + " but the ensemble has " + featureNames.size() + " features");
                }
            }
        }
    }

    /** Number of features. */
    public int numFeatures() {
        return featureNames.size();
    }

    /** The model output for one row ({@code NaN} = missing). */
    public double predict(double[] x) {
        double sum = baseScore;
        for (Tree tree : trees) {
            sum += tree.value[tree.leafFor(x, splitRule)];
        }
        return sum;
    }

    /**
     * The path-dependent expected output: every tree's leaf values weighted by the fraction of the cover reaching
     * them, plus the base score. This is TreeSHAP's base value.
     */
    public double expectedValue() {
        double sum = baseScore;
        for (Tree tree : trees) {
            sum += tree.expectedValue(0);
        }
        return sum;
    }

    /** Maximum depth over all trees (a single leaf has depth 0). */
    public int maxDepth() {
        int max = 0;
        for (Tree tree : trees) {
            max = Math.max(max, tree.depth(0));
        }
        return max;
    }

    /** How a split node routes a present value {@code x} with threshold {@code t}. */
    public enum SplitRule {
        /** {@code x <= t} goes left (Tribuo CART: {@code x > t} goes to the "greater than" child). */
        LESS_OR_EQUAL,
        /** {@code (float) x < (float) t} goes left, compared in float32 exactly as XGBoost does. */
        FLOAT32_LESS_THAN;

        boolean goesLeft(double x, double threshold) {
            return switch (this) {
                case LESS_OR_EQUAL -> x <= threshold;
                case FLOAT32_LESS_THAN -> (float) x < (float) threshold;
            };
        }
    }

    /**
     * One binary tree as parallel arrays indexed by node id; node 0 is the root. A node is a leaf when
     * {@code left[n] < 0}.
     *
     * @param feature     split feature index (ignored for leaves)
     * @param threshold   split threshold (ignored for leaves)
     * @param left        left child ("yes" / less-or-equal), {@code -1} for leaves
     * @param right       right child, {@code -1} for leaves
     * @param defaultLeft where a missing value ({@code NaN}) goes
     * @param cover       training cover per node (sample count or hessian sum); children should sum to the parent
     * @param value       leaf value (ignored for internal nodes)
     */
    public record Tree(int[] feature, double[] threshold, int[] left, int[] right, boolean[] defaultLeft,
                       double[] cover, double[] value) {

        public Tree {
            int n = feature.length;
            if (threshold.length != n || left.length != n || right.length != n || defaultLeft.length != n
                    || cover.length != n || value.length != n) {
                throw new IllegalArgumentException("Tree arrays must all have " + n + " entries");
            }
            if (n == 0) {
                throw new IllegalArgumentException("A tree needs at least one node");
            }
            for (int i = 0; i < n; i++) {
                if ((left[i] < 0) != (right[i] < 0) || left[i] >= n || right[i] >= n) {
                    throw new IllegalArgumentException("Node " + i + " has invalid children " + left[i] + ", "
                            + right[i]);
                }
                if (!(cover[i] >= 0)) {
                    throw new IllegalArgumentException("Node " + i + " has invalid cover " + cover[i]);
                }
            }
            feature = feature.clone();
            threshold = threshold.clone();
            left = left.clone();
            right = right.clone();
            defaultLeft = defaultLeft.clone();
            cover = cover.clone();
            value = value.clone();
        }

        @Override
        public int[] feature() {
            return feature.clone();
        }

        @Override
        public double[] threshold() {
            return threshold.clone();
        }

        @Override
        public int[] left() {
            return left.clone();
        }

        @Override
        public int[] right() {
            return right.clone();
        }

        @Override
        public boolean[] defaultLeft() {
            return defaultLeft.clone();
        }

        @Override
        public double[] cover() {
            return cover.clone();
        }

        @Override
        public double[] value() {
            return value.clone();
        }

        /** Number of nodes. */
        public int size() {
            return feature.length;
        }

        public boolean isLeaf(int node) {
            return left[node] < 0;
        }

        /** Left ("yes" / less-or-equal) child of an internal node. */
        public int left(int node) {
            return left[node];
        }

        /** Right child of an internal node. */
        public int right(int node) {
            return right[node];
        }

        /** Split feature of an internal node. */
        public int feature(int node) {
            return feature[node];
        }

        public double cover(int node) {
            return cover[node];
        }

        /** Leaf value of a leaf node. */
        public double value(int node) {
            return value[node];
        }

        /** The child a row goes to from internal node {@code node}. */
        public int next(int node, double x, SplitRule rule) {
            boolean goLeft = Double.isNaN(x) ? defaultLeft[node] : rule.goesLeft(x, threshold[node]);
            return goLeft ? left[node] : right[node];
        }

        /** The leaf a row ends in. */
        public int leafFor(double[] x, SplitRule rule) {
            int node = 0;
            while (!isLeaf(node)) {
                node = next(node, x[feature[node]], rule);
            }
            return node;
        }

        /**
         * Fraction of a node's cover that flows to {@code child}. A node no training row reached (cover 0) splits its
         * (zero) mass evenly, so the expectations stay defined.
         */
        public double fraction(int node, int child) {
            double parent = cover[node];
            return parent > 0 ? cover[child] / parent : 0.5;
        }

        /** Cover-weighted mean leaf value of the subtree rooted at {@code node}. */
        public double expectedValue(int node) {
            if (isLeaf(node)) {
                return value[node];
            }
            return fraction(node, left[node]) * expectedValue(left[node])
                    + fraction(node, right[node]) * expectedValue(right[node]);
        }

        /** Depth of the subtree rooted at {@code node}. */
        public int depth(int node) {
            return isLeaf(node) ? 0 : 1 + Math.max(depth(left[node]), depth(right[node]));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Tree t && java.util.Arrays.equals(feature, t.feature)
                    && java.util.Arrays.equals(threshold, t.threshold) && java.util.Arrays.equals(left, t.left)
                    && java.util.Arrays.equals(right, t.right) && java.util.Arrays.equals(defaultLeft, t.defaultLeft)
                    && java.util.Arrays.equals(cover, t.cover) && java.util.Arrays.equals(value, t.value);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(feature) * 31 + java.util.Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "Tree[" + size() + " nodes]";
        }
    }
}
