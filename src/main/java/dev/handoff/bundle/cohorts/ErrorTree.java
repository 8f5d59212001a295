package dev.handoff.bundle.cohorts;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A shallow decision tree over the features that predicts the model's error indicator (ŷ ≠ y), as Microsoft's Error
 * Analysis builds its error tree: each split is the one that most lowers the Gini impurity of "error", among
 * thresholds between consecutive observed values of a numeric column (missing values go right) and "equals one category" for a categorical column; a node is a leaf at {@code maxDepth}, when a
 * child would have fewer than {@code minLeaf} rows, or when no split lowers the impurity with children whose error
 * rates differ by a two-proportion z of at least {@value #MIN_Z} (so noise is not split into cohorts). Its leaves with the highest
 * error rates are the worst cohorts, each a path of conditions that parses back as a {@link CohortFilter}. A row
 * missing a split's value goes right in the tree, but no comparison matches a missing value, so a cohort's statistics
 * (computed from its filter) leave such rows out.
 */
public final class ErrorTree {
    /** The two-proportion z a split's children must differ by: a split on noise is not a cohort. */
    static final double MIN_Z = 3.0;

    /**
     * One node: the conditions from the root (simplified: one bound per side per numeric column), its rows' error
     * counts, and its two children (none for a leaf).
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Node(int id, List<String> path, String split, long n, long errors, double errorRate,
                       Node left, Node right) {
        public Node {
            path = List.copyOf(path);
        }

        public boolean leaf() {
            return left == null;
        }

        /** The path as a filter ({@code ""} for the root). */
        public String filter() {
            return String.join(" and ", path);
        }

        /** This node and all below it, depth first (left before right). */
        public List<Node> nodes() {
            List<Node> all = new ArrayList<>();
            collect(this, all);
            return all;
        }

        public List<Node> leaves() {
            return nodes().stream().filter(Node::leaf).toList();
        }

        private static void collect(Node n, List<Node> out) {
            out.add(n);
            if (!n.leaf()) {
                collect(n.left, out);
                collect(n.right, out);
            }
        }
    }

    private final CohortData data;
    private final int maxDepth;
    private final int minLeaf;
    private int nextId;

    private ErrorTree(CohortData data, int maxDepth, int minLeaf) {
        this.data = data;
        this.maxDepth = maxDepth;
        this.minLeaf = minLeaf;
    }

    /**
     * Grows the tree.
     *
     * @param maxDepth at most 3, as a reviewer reads it
     * @param minLeaf  the fewest rows of a leaf, at least 1
     */
    public static Node grow(CohortData data, int maxDepth, int minLeaf, dev.handoff.explain.Cancellation cancel) {
        if (maxDepth < 0 || maxDepth > 3) {
            throw new IllegalArgumentException("error tree depth must be 0 to 3, got " + maxDepth);
        }
        if (minLeaf < 1) {
            throw new IllegalArgumentException("minimum leaf size must be at least 1, got " + minLeaf);
        }
        int[] all = java.util.stream.IntStream.range(0, data.size()).toArray();
        return new ErrorTree(data, maxDepth, minLeaf).node(all, new Bounds(), 0, cancel);
    }

    /** The leaves by error rate, highest first (more rows first among equals). */
    public static List<Node> worstLeaves(Node root) {
        return root.leaves().stream()
                .sorted(Comparator.comparingDouble(Node::errorRate).reversed()
                        .thenComparing(Comparator.comparingLong(Node::n).reversed()))
                .toList();
    }

    /** A candidate split: numeric ({@code category} null, left = value &lt; threshold) or "equals category". */
    private record Split(double gain, String column, int index, double threshold, String category) {
        boolean left(CohortData data, int row) {
            return category == null ? data.rows()[row][index] < threshold
                    : data.categorical().get(column).get(row).equals(category);
        }
    }

    private Node node(int[] rows, Bounds bounds, int depth, dev.handoff.explain.Cancellation cancel) {
        cancel.check();
        long errors = Arrays.stream(rows).filter(data::error).count();
        int id = nextId++;
        double rate = rows.length == 0 ? Double.NaN : errors / (double) rows.length;
        Split best = depth < maxDepth && errors > 0 && errors < rows.length ? bestSplit(rows, errors) : null;
        if (best == null) {
            return new Node(id, bounds.path(), null, rows.length, errors, rate, null, null);
        }
        Bounds l = bounds.copy();
        Bounds r = bounds.copy();
        String text;
        if (best.category == null) {
            l.upper(best.column, best.threshold);
            r.lower(best.column, best.threshold);
            text = CohortFilter.column(best.column) + " < " + number(best.threshold);
        } else {
            l.equal(best.column, best.category, true);
            r.equal(best.column, best.category, false);
            text = CohortFilter.column(best.column) + " = " + CohortFilter.quote(best.category);
        }
        int[] leftRows = Arrays.stream(rows).filter(x -> best.left(data, x)).toArray();
        int[] rightRows = Arrays.stream(rows).filter(x -> !best.left(data, x)).toArray();
        Node left = node(leftRows, l, depth + 1, cancel);
        Node right = node(rightRows, r, depth + 1, cancel);
        return new Node(id, bounds.path(), text, rows.length, errors, rate, left, right);
    }

    private Split bestSplit(int[] rows, long errors) {
        double parent = gini(errors, rows.length) * rows.length;
        Split best = null;
        for (int c = 0; c < data.numericNames().size(); c++) {
            best = better(best, numericSplit(rows, errors, c, parent));
        }
        for (Map.Entry<String, List<String>> e : data.categorical().entrySet()) {
            Map<String, long[]> counts = new java.util.TreeMap<>();
            for (int r : rows) {
                long[] k = counts.computeIfAbsent(e.getValue().get(r), x -> new long[2]);
                k[0]++;
                k[1] += data.error(r) ? 1 : 0;
            }
            for (Map.Entry<String, long[]> k : counts.entrySet()) {
                best = better(best, evaluate(k.getValue()[0], k.getValue()[1], rows.length, errors, parent,
                        e.getKey(), -1, Double.NaN, k.getKey()));
            }
        }
        return best != null && best.gain > 1e-12 ? best : null;
    }

    /** Every threshold between consecutive observed values, by one sweep over the rows sorted by value. */
    private Split numericSplit(int[] rows, long errors, int c, double parent) {
        double[][] sorted = Arrays.stream(rows).filter(r -> !Double.isNaN(data.rows()[r][c]))
                .mapToObj(r -> new double[]{data.rows()[r][c], data.error(r) ? 1 : 0})
                .sorted(Comparator.comparingDouble(v -> v[0])).toArray(double[][]::new);
        Split best = null;
        long el = 0;
        String name = data.numericNames().get(c);
        for (int i = 0; i + 1 < sorted.length; i++) {
            el += (long) sorted[i][1];
            if (sorted[i][0] != sorted[i + 1][0]) {
                double t = (sorted[i][0] + sorted[i + 1][0]) / 2;
                best = better(best, evaluate(i + 1, el, rows.length, errors, parent, name, c, t, null));
            }
        }
        return best;
    }

    /** The split sending {@code nl} rows with {@code el} errors left, or null if a child is too small or alike. */
    private Split evaluate(long nl, long el, long n, long errors, double parent, String column, int index, double t,
                           String category) {
        long nr = n - nl;
        long er = errors - el;
        if (nl < minLeaf || nr < minLeaf || Math.abs(z(el, nl, er, nr)) < MIN_Z) {
            return null;
        }
        double gain = parent - gini(el, nl) * nl - gini(er, nr) * nr;
        return new Split(gain, column, index, t, category);
    }

    private static Split better(Split a, Split b) {
        return b == null || a != null && a.gain >= b.gain ? a : b;
    }

    /** Two-proportion z statistic of the children's error rates (pooled standard error). */
    static double z(long e1, long n1, long e2, long n2) {
        double p = (e1 + e2) / (double) (n1 + n2);
        double se = Math.sqrt(p * (1 - p) * (1.0 / n1 + 1.0 / n2));
        return se == 0 ? 0 : (e1 / (double) n1 - e2 / (double) n2) / se;
    }

    private static double gini(long errors, long n) {
        if (n == 0) {
            return 0;
        }
        double p = errors / (double) n;
        return 2 * p * (1 - p);
    }

    static String number(double v) {
        return new java.math.BigDecimal(String.format(java.util.Locale.ROOT, "%.6g", v)).stripTrailingZeros()
                .toPlainString();
    }

    /** The conditions of a path, one lower and one upper bound per numeric column, categories as = or !=. */
    private static final class Bounds {
        private final Map<String, double[]> numeric = new LinkedHashMap<>();
        private final Map<String, List<String>> conditions = new LinkedHashMap<>();

        Bounds copy() {
            Bounds b = new Bounds();
            numeric.forEach((k, v) -> b.numeric.put(k, v.clone()));
            conditions.forEach((k, v) -> b.conditions.put(k, new ArrayList<>(v)));
            return b;
        }

        void upper(String column, double t) {
            double[] b = numeric.computeIfAbsent(column, k -> new double[]{Double.NaN, Double.NaN});
            b[1] = Double.isNaN(b[1]) ? t : Math.min(b[1], t);
            conditions.putIfAbsent(column, new ArrayList<>());
        }

        void lower(String column, double t) {
            double[] b = numeric.computeIfAbsent(column, k -> new double[]{Double.NaN, Double.NaN});
            b[0] = Double.isNaN(b[0]) ? t : Math.max(b[0], t);
            conditions.putIfAbsent(column, new ArrayList<>());
        }

        void equal(String column, String category, boolean equal) {
            List<String> c = conditions.computeIfAbsent(column, k -> new ArrayList<>());
            String cond = CohortFilter.column(column) + (equal ? " = " : " != ") + CohortFilter.quote(category);
            if (equal) {
                c.clear(); // "= x" implies every "!= y" before it
            }
            c.add(cond);
        }

        List<String> path() {
            List<String> out = new ArrayList<>();
            conditions.forEach((column, cs) -> {
                double[] b = numeric.get(column);
                if (b != null) {
                    if (!Double.isNaN(b[0])) {
                        out.add(CohortFilter.column(column) + " >= " + number(b[0]));
                    }
                    if (!Double.isNaN(b[1])) {
                        out.add(CohortFilter.column(column) + " < " + number(b[1]));
                    }
                }
                out.addAll(cs);
            });
            return out;
        }
    }
}
