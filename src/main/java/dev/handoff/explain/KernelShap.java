package dev.handoff.explain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Model-agnostic KernelSHAP (Lundberg and Lee 2017): Shapley values of the interventional game
 * {@code v(S) = Σ_b w_b · f(x_S, b_rest)} over a weighted {@link Background}, estimated by weighted least squares
 * over feature coalitions with the Shapley kernel weights and the efficiency constraint
 * {@code Σφ = f(x) − E_b[f]} enforced exactly (one unknown is eliminated).
 *
 * <p>Features whose value equals every background row's value cannot change the output and get exactly 0. When
 * {@code 2^M − 2} coalitions fit in the sample budget all are enumerated and the result is the exact Shapley value;
 * otherwise whole coalition sizes are enumerated while the budget allows (smallest and largest first, where the
 * kernel puts its weight) and the rest is sampled in complementary pairs with a seeded generator. There is no L1
 * feature selection: every feature may receive a non-zero attribution.
 */
public final class KernelShap {

    /** Largest number of varying features accepted (coalitions are kept as bit masks in a {@code long}). */
    public static final int MAX_FEATURES = 62;
    private static final int BATCH_ROWS = 4096;

    private final ModelFunction function;
    private final Background background;
    private final int nsamples;
    private final long seed;
    private final double expectedValue;

    /**
     * @param function   the model output to explain, over rows in the background's feature order
     * @param background reference rows
     * @param nsamples   coalition budget; {@code <= 0} selects the default {@code 2M + 2048}
     * @param seed       seed for coalition sampling
     */
    public KernelShap(ModelFunction function, Background background, int nsamples, long seed) {
        this.function = function;
        this.background = background;
        this.nsamples = nsamples;
        this.seed = seed;
        double[] outputs = function.apply(background.rowsView());
        double e = 0;
        for (int r = 0; r < outputs.length; r++) {
            e += background.weight(r) * outputs[r];
        }
        this.expectedValue = e;
    }

    /** {@code E_b[f]}, the base value. */
    public double expectedValue() {
        return expectedValue;
    }

    /** The coalition budget used for {@code m} features: the configured one or {@code 2m + 2048}. */
    public int budgetFor(int m) {
        return nsamples > 0 ? nsamples : 2 * m + 2048;
    }

    /** Explains one row with no progress reporting. */
    public Attribution explain(double[] x, String explainedOutput, String outputSpace) {
        return explain(x, explainedOutput, outputSpace, ProgressListener.NONE, Cancellation.NONE);
    }

    /**
     * Explains one row.
     *
     * @param x               the row, in the background's feature order
     * @param explainedOutput label of the output, e.g. the class
     * @param outputSpace     e.g. {@code "probability"}
     * @throws java.util.concurrent.CancellationException if cancelled
     */
    public Attribution explain(double[] x, String explainedOutput, String outputSpace, ProgressListener progress,
                               Cancellation cancellation) {
        int total = background.featureNames().size();
        if (x.length != total) {
            throw new IllegalArgumentException("Row has " + x.length + " values, background has " + total
                    + " features");
        }
        double fx = function.apply(x);
        int[] varying = varyingFeatures(x);
        int m = varying.length;
        if (m > MAX_FEATURES) {
            throw new IllegalArgumentException("KernelSHAP supports at most " + MAX_FEATURES
                    + " varying features, this row has " + m);
        }
        double[] phi = new double[total];
        Map<String, String> params = new LinkedHashMap<>();
        params.put("background", background.description());
        params.put("backgroundRows", Integer.toString(background.size()));
        params.put("seed", Long.toString(seed));
        params.put("varyingFeatures", Integer.toString(m));
        double delta = fx - expectedValue;
        if (m == 1) {
            phi[varying[0]] = delta;
            params.put("coalitions", "0 (single varying feature)");
        } else if (m > 1) {
            Coalitions coalitions = coalitions(m, budgetFor(m));
            params.put("coalitions", Integer.toString(coalitions.masks.size()));
            params.put("exact", Boolean.toString(coalitions.exact));
            double[] gain = evaluate(x, varying, coalitions.masks(), progress, cancellation);
            for (int c = 0; c < gain.length; c++) {
                gain[c] -= expectedValue;
            }
            double[] solved = solve(m, coalitions, gain, delta);
            for (int j = 0; j < m; j++) {
                phi[varying[j]] = solved[j];
            }
        }
        params.put("nsamples", Integer.toString(budgetFor(m)));
        return new Attribution(background.featureNames(), x, phi, expectedValue, fx, explainedOutput, outputSpace,
                ExplanationMethod.KERNEL_SHAP, params);
    }

    /** Features whose value differs from at least one background row (NaN equals NaN). */
    private int[] varyingFeatures(double[] x) {
        List<Integer> out = new ArrayList<>();
        for (int f = 0; f < x.length; f++) {
            for (double[] b : background.rowsView()) {
                if (Double.compare(b[f], x[f]) != 0 && !(Double.isNaN(b[f]) && Double.isNaN(x[f]))) {
                    out.add(f);
                    break;
                }
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Coalition masks over the m varying features with their (normalised) Shapley kernel weights. */
    record Coalitions(List<Long> masks, double[] weights, boolean exact) {
    }

    Coalitions coalitions(int m, int budget) {
        List<Long> masks = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        long all = (1L << m) - 1;
        if (m < 31 && (1L << m) - 2 <= budget) {
            for (long mask = 1; mask < all; mask++) {
                masks.add(mask);
                weights.add(kernel(m, Long.bitCount(mask)));
            }
            return new Coalitions(masks, weights.stream().mapToDouble(Double::doubleValue).toArray(), true);
        }
        // Kernel mass per size class s (s and m-s together), s = 1..ceil((m-1)/2).
        int sizes = m / 2;
        double[] mass = new double[sizes + 1];
        double totalMass = 0;
        for (int s = 1; s <= sizes; s++) {
            mass[s] = (m - 1.0) / (s * (double) (m - s)) * (s == m - s ? 1 : 2);
            totalMass += mass[s];
        }
        double remainingMass = 1.0;
        int budgetLeft = budget;
        int s = 1;
        for (; s <= sizes; s++) {
            double share = mass[s] / totalMass;
            double count = binomial(m, s) * (s == m - s ? 1 : 2);
            if (count > budgetLeft || budgetLeft * share / remainingMass < count) {
                break;
            }
            double each = share / count;
            for (long mask : subsetsOfSize(m, s)) {
                masks.add(mask);
                weights.add(each);
                if (s != m - s) {
                    masks.add(all & ~mask);
                    weights.add(each);
                }
            }
            budgetLeft -= (int) count;
            remainingMass -= share;
        }
        if (s <= sizes && budgetLeft > 0) {
            sampleRemaining(m, s, sizes, mass, totalMass, remainingMass, budgetLeft, all, masks, weights);
        }
        return new Coalitions(masks, weights.stream().mapToDouble(Double::doubleValue).toArray(), false);
    }

    /** Samples complementary pairs from sizes {@code from..sizes}; weights are remaining mass × sample frequency. */
    private void sampleRemaining(int m, int from, int sizes, double[] mass, double totalMass, double remainingMass,
                                 int budgetLeft, long all, List<Long> masks, List<Double> weights) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] cumulative = new double[sizes + 1];
        double acc = 0;
        for (int s = from; s <= sizes; s++) {
            acc += mass[s];
            cumulative[s] = acc;
        }
        Map<Long, Integer> counts = new LinkedHashMap<>();
        long draws = 0;
        long maxDraws = 50L * budgetLeft;
        int[] perm = new int[m];
        while (counts.size() < budgetLeft && draws < maxDraws) {
            double u = rnd.nextDouble() * acc;
            int s = from;
            while (s < sizes && cumulative[s] < u) {
                s++;
            }
            for (int i = 0; i < m; i++) {
                perm[i] = i;
            }
            long mask = 0;
            for (int i = 0; i < s; i++) {
                int j = i + rnd.nextInt(m - i);
                int t = perm[i];
                perm[i] = perm[j];
                perm[j] = t;
                mask |= 1L << perm[i];
            }
            counts.merge(mask, 1, Integer::sum);
            counts.merge(all & ~mask, 1, Integer::sum);
            draws++;
        }
        double totalCount = 2.0 * draws;
        for (Map.Entry<Long, Integer> e : counts.entrySet()) {
            masks.add(e.getKey());
            weights.add(remainingMass * e.getValue() / totalCount);
        }
    }

    /** v(S) for every coalition: background-weighted mean output with the coalition's features taken from x. */
    private double[] evaluate(double[] x, int[] varying, List<Long> masks, ProgressListener progress,
                              Cancellation cancellation) {
        double[][] bg = background.rowsView();
        int perCoalition = bg.length;
        int coalitionsPerBatch = Math.max(1, BATCH_ROWS / perCoalition);
        double[] y = new double[masks.size()];
        for (int start = 0; start < masks.size(); start += coalitionsPerBatch) {
            cancellation.check();
            int end = Math.min(masks.size(), start + coalitionsPerBatch);
            double[][] rows = new double[(end - start) * perCoalition][];
            int k = 0;
            for (int c = start; c < end; c++) {
                long mask = masks.get(c);
                for (double[] b : bg) {
                    double[] row = b.clone();
                    for (int j = 0; j < varying.length; j++) {
                        if ((mask & (1L << j)) != 0) {
                            row[varying[j]] = x[varying[j]];
                        }
                    }
                    rows[k++] = row;
                }
            }
            double[] out = function.apply(rows);
            k = 0;
            for (int c = start; c < end; c++) {
                double v = 0;
                for (int b = 0; b < perCoalition; b++) {
                    v += background.weight(b) * out[k++];
                }
                y[c] = v;
            }
            progress.progress(end, masks.size(), "KernelSHAP coalitions");
        }
        return y;
    }

    /**
     * Weighted least squares {@code min Σ_z w_z (v(z) − E − z·φ)²} subject to {@code Σφ = delta}: φ_{m−1} is replaced
     * by {@code delta − Σ_{j<m−1} φ_j} and the normal equations of the remaining m−1 unknowns are solved.
     *
     * @param gain {@code v(z) − E} per coalition
     */
    static double[] solve(int m, Coalitions coalitions, double[] gain, double delta) {
        int k = m - 1;
        double[][] a = new double[k][k + 1]; // augmented normal equations [AᵀWA | AᵀWb]
        double[] row = new double[k];
        List<Long> masks = coalitions.masks();
        double[] w = coalitions.weights();
        for (int c = 0; c < masks.size(); c++) {
            long mask = masks.get(c);
            double last = (mask >>> k & 1L) != 0 ? 1 : 0;
            double target = gain[c] - last * delta;
            for (int j = 0; j < k; j++) {
                row[j] = ((mask >>> j & 1L) != 0 ? 1 : 0) - last;
            }
            for (int i = 0; i < k; i++) {
                if (row[i] == 0) {
                    continue;
                }
                double wi = w[c] * row[i];
                for (int j = 0; j < k; j++) {
                    a[i][j] += wi * row[j];
                }
                a[i][k] += wi * target;
            }
        }
        double[] head = gaussianElimination(a, k);
        double[] phi = Arrays.copyOf(head, m);
        double sum = 0;
        for (double p : head) {
            sum += p;
        }
        phi[k] = delta - sum;
        return phi;
    }

    /** Solves the augmented k×(k+1) system in place with partial pivoting. */
    private static double[] gaussianElimination(double[][] a, int k) {
        for (int col = 0; col < k; col++) {
            int pivot = col;
            for (int r = col + 1; r < k; r++) {
                if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
                    pivot = r;
                }
            }
            if (Math.abs(a[pivot][col]) < 1e-300) {
                throw new IllegalStateException("KernelSHAP system is singular: too few coalitions for "
                        + (k + 1) + " features; raise nsamples");
            }
            double[] t = a[col];
            a[col] = a[pivot];
            a[pivot] = t;
            for (int r = col + 1; r < k; r++) {
                double f = a[r][col] / a[col][col];
                if (f != 0) {
                    for (int c = col; c <= k; c++) {
                        a[r][c] -= f * a[col][c];
                    }
                }
            }
        }
        double[] x = new double[k];
        for (int r = k - 1; r >= 0; r--) {
            double s = a[r][k];
            for (int c = r + 1; c < k; c++) {
                s -= a[r][c] * x[c];
            }
            x[r] = s / a[r][r];
        }
        return x;
    }

    private static double kernel(int m, int s) {
        return (m - 1.0) / (binomial(m, s) * s * (m - s));
    }

    private static double binomial(int n, int k) {
        double b = 1;
        for (int i = 1; i <= k; i++) {
            b = b * (n - k + i) / i;
        }
        return b;
    }

    private static List<Long> subsetsOfSize(int m, int s) {
        List<Long> out = new ArrayList<>();
        long mask = (1L << s) - 1;
        long limit = 1L << m;
        while (mask < limit) {
            out.add(mask);
            long c = mask & -mask;
            long r = mask + c;
            mask = (((r ^ mask) >>> 2) / c) | r;
        }
        return out;
    }
}
