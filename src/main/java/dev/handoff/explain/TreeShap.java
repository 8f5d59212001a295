package dev.handoff.explain;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Exact path-dependent TreeSHAP: Lundberg, Erion and Lee, "Consistent Individualized Feature Attribution for Tree
 * Ensembles" (arXiv 1802.03888), Algorithm 2. Cost O(T·L·D²) per row for T trees with L leaves and depth D.
 *
 * <p>The value function is the path-dependent conditional expectation: a feature outside the coalition is
 * integrated out by following both children, weighted by the fraction of training cover that went each way. The
 * attributions are exact Shapley values of that game, and {@code expectedValue + Σφ = output} holds up to rounding.
 *
 * <p>Instances are immutable and thread-safe; each call allocates its own path buffers.
 */
public final class TreeShap {

    private final TreeEnsemble ensemble;
    private final double expectedValue;

    public TreeShap(TreeEnsemble ensemble) {
        this.ensemble = ensemble;
        this.expectedValue = ensemble.expectedValue();
    }

    public TreeEnsemble ensemble() {
        return ensemble;
    }

    /** The base value: the cover-weighted expected output of the ensemble. */
    public double expectedValue() {
        return expectedValue;
    }

    /**
     * SHAP values of one row.
     *
     * @param x one value per ensemble feature, {@code NaN} for missing
     * @return one attribution per feature
     */
    public double[] shapValues(double[] x) {
        if (x.length != ensemble.numFeatures()) {
            throw new IllegalArgumentException("Row has " + x.length + " values but the model has "
                    + ensemble.numFeatures() + " features");
        }
        double[] phi = new double[ensemble.numFeatures()];
        int maxPath = ensemble.maxDepth() + 2;
        // One path segment per recursion level: level k occupies [k*maxPath, (k+1)*maxPath).
        Path path = new Path(maxPath * (maxPath + 1));
        for (TreeEnsemble.Tree tree : ensemble.trees()) {
            new Walker(tree, ensemble.splitRule(), x, phi, path, maxPath).recurse(0, 0, 0, 1.0, 1.0, -1);
        }
        return phi;
    }

    /** Explains one row as an {@link Attribution}. */
    public Attribution explain(double[] x, String explainedOutput) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("algorithm", "path-dependent TreeSHAP (Lundberg et al. 2018, Alg. 2)");
        params.put("trees", Integer.toString(ensemble.trees().size()));
        params.put("maxDepth", Integer.toString(ensemble.maxDepth()));
        return new Attribution(ensemble.featureNames(), x, shapValues(x), expectedValue, ensemble.predict(x),
                explainedOutput, ensemble.outputSpace(), ExplanationMethod.TREE_SHAP, params);
    }

    /** The unique path of features seen so far: feature, zero fraction, one fraction, permutation weight. */
    private static final class Path {
        final int[] feature;
        final double[] zero;
        final double[] one;
        final double[] weight;

        Path(int capacity) {
            feature = new int[capacity];
            zero = new double[capacity];
            one = new double[capacity];
            weight = new double[capacity];
        }
    }

    /** The recursion of Algorithm 2 over one tree. */
    private static final class Walker {
        private final TreeEnsemble.Tree tree;
        private final TreeEnsemble.SplitRule rule;
        private final double[] x;
        private final double[] phi;
        private final Path p;
        private final int segment;

        Walker(TreeEnsemble.Tree tree, TreeEnsemble.SplitRule rule, double[] x, double[] phi, Path path,
               int segment) {
            this.tree = tree;
            this.rule = rule;
            this.x = x;
            this.phi = phi;
            this.p = path;
            this.segment = segment;
        }

        /**
         * @param node       current node
         * @param level      recursion level (selects the path segment)
         * @param length     number of path elements inherited from the parent
         * @param zeroFrac   fraction of cover flowing here when the split feature is not in the coalition
         * @param oneFrac    1 when x flows here when the feature is in the coalition, else 0
         * @param splitFeat  the feature the parent split on (-1 at the root: a dummy element)
         */
        void recurse(int node, int level, int length, double zeroFrac, double oneFrac, int splitFeat) {
            if (zeroFrac == 0 && oneFrac == 0) {
                return; // neither x nor any cover reaches this subtree: every permutation weight would be zero
            }
            int base = level * segment;
            if (level > 0) {
                System.arraycopy(p.feature, base - segment, p.feature, base, length);
                System.arraycopy(p.zero, base - segment, p.zero, base, length);
                System.arraycopy(p.one, base - segment, p.one, base, length);
                System.arraycopy(p.weight, base - segment, p.weight, base, length);
            }
            extend(base, length, zeroFrac, oneFrac, splitFeat);
            int len = length + 1;

            if (tree.isLeaf(node)) {
                double leafValue = tree.value(node);
                for (int i = 1; i < len; i++) {
                    double w = unwoundSum(base, len, i);
                    phi[p.feature[base + i]] += w * (p.one[base + i] - p.zero[base + i]) * leafValue;
                }
                return;
            }

            int f = tree.feature(node);
            int hot = tree.next(node, x[f], rule);
            int cold = hot == tree.left(node) ? tree.right(node) : tree.left(node);

            double incomingZero = 1.0;
            double incomingOne = 1.0;
            int k = 1;
            while (k < len && p.feature[base + k] != f) {
                k++;
            }
            if (k < len) {
                // The feature was split on before: undo its earlier contribution and carry its fractions down.
                incomingZero = p.zero[base + k];
                incomingOne = p.one[base + k];
                unwind(base, len, k);
                len--;
            }
            recurse(hot, level + 1, len, incomingZero * tree.fraction(node, hot), incomingOne, f);
            recurse(cold, level + 1, len, incomingZero * tree.fraction(node, cold), 0.0, f);
        }

        /** Adds an element to the path of length {@code l}, updating the permutation weights. */
        private void extend(int base, int l, double zeroFrac, double oneFrac, int feat) {
            p.feature[base + l] = feat;
            p.zero[base + l] = zeroFrac;
            p.one[base + l] = oneFrac;
            p.weight[base + l] = l == 0 ? 1.0 : 0.0;
            for (int i = l - 1; i >= 0; i--) {
                p.weight[base + i + 1] += oneFrac * p.weight[base + i] * (i + 1) / (l + 1);
                p.weight[base + i] = zeroFrac * p.weight[base + i] * (l - i) / (l + 1);
            }
        }

        /** Removes element {@code i} from the path of length {@code l}, undoing its effect on the weights. */
        private void unwind(int base, int l, int i) {
            double one = p.one[base + i];
            double zero = p.zero[base + i];
            double next = p.weight[base + l - 1];
            for (int j = l - 2; j >= 0; j--) {
                if (one != 0) {
                    double tmp = p.weight[base + j];
                    p.weight[base + j] = next * l / ((j + 1) * one);
                    next = tmp - p.weight[base + j] * zero * (l - j - 1) / l;
                } else {
                    p.weight[base + j] = p.weight[base + j] * l / (zero * (l - j - 1));
                }
            }
            for (int j = i; j < l - 1; j++) {
                p.feature[base + j] = p.feature[base + j + 1];
                p.zero[base + j] = p.zero[base + j + 1];
                p.one[base + j] = p.one[base + j + 1];
            }
        }

        /** Sum of the weights the path would have after unwinding element {@code i}, without modifying it. */
        private double unwoundSum(int base, int l, int i) {
            double one = p.one[base + i];
            double zero = p.zero[base + i];
            double next = p.weight[base + l - 1];
            double total = 0;
            for (int j = l - 2; j >= 0; j--) {
                if (one != 0) {
                    double w = next * l / ((j + 1) * one);
                    total += w;
                    next = p.weight[base + j] - w * zero * (l - j - 1) / l;
                } else if (zero != 0) {
                    total += p.weight[base + j] * l / (zero * (l - j - 1));
                }
            }
            return total;
        }
    }
}
