package dev.handoff.drift;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The drift statistics, computed as Evidently 0.7 computes them (legacy {@code calculations.stattests}, on top of
 * scipy), from a reference {@link ColumnProfile.Distribution} instead of the reference rows:
 * <ul>
 *   <li>two-sample Kolmogorov-Smirnov p-value ({@code scipy.stats.ks_2samp}, exact for samples up to 10,000 rows);</li>
 *   <li>chi-squared p-value of the current counts against the reference frequencies scaled to the current size;</li>
 *   <li>Z-test p-value for two proportions (share of the first category in sort order);</li>
 *   <li>Wasserstein distance normed by the reference's population standard deviation (floor 0.001);</li>
 *   <li>Jensen-Shannon distance (natural log) on Evidently's bins;</li>
 *   <li>PSI on given bins, zero shares replaced as Evidently does.</li>
 * </ul>
 */
public final class StatTests {
    private StatTests() {
    }

    /** Sorted distinct values with weights. */
    public record Dist(double[] values, double[] weights, double total) {
        /**
         * The reference distribution of a numerical column's profile. A quantile sketch's points share the column's
         * count equally, so that sizes (e.g. in Sturges' bin count) are the real ones.
         */
        public static Dist of(ColumnProfile column) {
            ColumnProfile.Distribution d = column.distribution();
            double[] w = new double[d.weights().length];
            double scale = d.exact() ? 1 : column.count() / (double) d.total();
            double t = 0;
            for (int i = 0; i < w.length; i++) {
                w[i] = d.weights()[i] * scale;
                t += w[i];
            }
            return new Dist(d.values(), w, d.exact() ? t : column.count());
        }

        /** From raw values; NaN and infinities are dropped. */
        public static Dist ofRaw(double[] raw) {
            double[] v = new double[raw.length];
            int n = 0;
            for (double x : raw) {
                if (Double.isFinite(x)) {
                    v[n++] = x;
                }
            }
            v = n == raw.length ? v : Arrays.copyOf(v, n);
            Arrays.sort(v);
            if (v.length == 0) {
                return new Dist(new double[0], new double[0], 0);
            }
            int distinct = 1;
            for (int i = 1; i < v.length; i++) {
                if (v[i] != v[i - 1]) {
                    distinct++;
                }
            }
            double[] values = new double[distinct];
            double[] w = new double[distinct];
            int k = 0;
            values[0] = v[0];
            w[0] = 1;
            for (int i = 1; i < v.length; i++) {
                if (v[i] != v[i - 1]) {
                    values[++k] = v[i];
                }
                w[k]++;
            }
            return new Dist(values, w, v.length);
        }

        /** Total weight of values strictly below {@code x} ({@code inclusive}: at most {@code x}). */
        double below(double x, boolean inclusive) {
            int i = inclusive ? upper(x) : lower(x);
            double s = 0;
            for (int k = 0; k < i; k++) {
                s += weights[k];
            }
            return s;
        }

        int lower(double x) {
            int lo = 0, hi = values.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (values[mid] < x) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }

        int upper(double x) {
            int lo = 0, hi = values.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (values[mid] <= x) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }

        double min() {
            return values[0];
        }

        double max() {
            return values[values.length - 1];
        }
    }

    /** scipy's {@code wasserstein_distance(u, v)}: the area between the two empirical CDFs. */
    public static double wasserstein(Dist u, Dist v) {
        // walk the merged distinct values; between consecutive ones both CDFs are constant
        double sum = 0;
        double cu = 0, cv = 0;
        int iu = 0, iv = 0;
        int nu = u.values.length, nv = v.values.length;
        double x = Math.min(u.values[0], v.values[0]);
        while (true) {
            while (iu < nu && u.values[iu] <= x) {
                cu += u.weights[iu++];
            }
            while (iv < nv && v.values[iv] <= x) {
                cv += v.weights[iv++];
            }
            if (iu >= nu && iv >= nv) {
                return sum;
            }
            double next = iu >= nu ? v.values[iv] : iv >= nv ? u.values[iu] : Math.min(u.values[iu], v.values[iv]);
            sum += Math.abs(cu / u.total - cv / v.total) * (next - x);
            x = next;
        }
    }

    /** Evidently's normed Wasserstein distance: W1 / max(std(reference), 0.001). */
    public static double wassersteinNormed(Dist reference, double referenceStd, Dist current) {
        return wasserstein(reference, current) / Math.max(referenceStd, 0.001);
    }

    /** The KS result: statistic D, p-value, and whether the p-value is exact (else Kolmogorov's asymptotic). */
    public record Ks(double statistic, double pValue, boolean exact) {
    }

    /** scipy's {@code ks_2samp(reference, current)} (two-sided, method auto) from integer-weighted distributions. */
    public static Ks ks(Dist ref, Dist cur) {
        long n1 = Math.round(ref.total), n2 = Math.round(cur.total);
        long g = gcd(n1, n2);
        long n1g = n1 / g, n2g = n2 / g;
        long lcm = n1g * n2;
        // h = max |c1 * n2g - c2 * n1g| over all data points (cdfs right-continuous)
        long h = 0;
        long c1 = 0, c2 = 0;
        int i = 0, j = 0;
        while (i < ref.values.length || j < cur.values.length) {
            double x = j >= cur.values.length || (i < ref.values.length && ref.values[i] <= cur.values[j])
                    ? ref.values[i] : cur.values[j];
            while (i < ref.values.length && ref.values[i] <= x) {
                c1 += Math.round(ref.weights[i++]);
            }
            while (j < cur.values.length && cur.values[j] <= x) {
                c2 += Math.round(cur.weights[j++]);
            }
            h = Math.max(h, Math.abs(c1 * n2g - c2 * n1g));
        }
        double d = h / (double) lcm;
        if (h == 0) {
            return new Ks(d, 1.0, true);
        }
        if (Math.max(n1, n2) <= 10_000) {
            double p = n1 == n2 ? outsideSquare(n1, h) : 1 - insideProbability(n1, n2, n1g, n2g, h);
            return new Ks(d, Math.min(1, Math.max(0, p)), true);
        }
        double en = (double) n1 * n2 / (n1 + n2);
        return new Ks(d, Math.min(1, Math.max(0, kolmogorovSf(d * Math.sqrt(Math.rint(en))))), false);
    }

    /** scipy's _compute_prob_outside_square: paths outside the lines x - y = ±h for equal sample sizes. */
    private static double outsideSquare(long n, long h) {
        double p = 0;
        long k = n / h;
        while (k >= 0) {
            double p1 = 1;
            for (long j = 0; j < h; j++) {
                p1 = (n - k * h - j) * p1 / (n + k * h + j + 1);
            }
            p = p1 * (1 - p);
            k--;
        }
        return 2 * p;
    }

    /**
     * The probability that a random lattice path from (0,0) to (n1,n2) stays strictly inside |i*n2g - j*n1g| &lt; h:
     * u(i,j) = (i u(i-1,j) + j u(i,j-1)) / (i+j) is the share of paths to (i,j) that stayed inside.
     */
    private static double insideProbability(long n1, long n2, long n1g, long n2g, long h) {
        double[] row = new double[(int) n2 + 1];
        for (int i = 0; i <= n1; i++) {
            for (int j = 0; j <= n2; j++) {
                if (Math.abs(i * n2g - j * n1g) >= h) {
                    row[j] = 0;
                } else if (i == 0 && j == 0) {
                    row[j] = 1;
                } else {
                    double up = i > 0 ? row[j] : 0;
                    double left = j > 0 ? row[j - 1] : 0;
                    row[j] = (i * up + j * left) / (i + j);
                }
            }
        }
        return row[(int) n2];
    }

    /** Kolmogorov's limiting distribution: P(K &gt; x) (scipy {@code kstwobign.sf}). */
    static double kolmogorovSf(double x) {
        if (x <= 0) {
            return 1;
        }
        if (x < 1.18) {
            // Jacobi form converges fast for small x
            double s = 0;
            double c = Math.PI * Math.PI / (8 * x * x);
            for (int k = 1; k <= 50; k += 2) {
                s += Math.exp(-k * k * c);
            }
            return 1 - Math.sqrt(2 * Math.PI) / x * s;
        }
        double s = 0;
        for (int k = 1; k <= 100; k++) {
            s += (k % 2 == 1 ? 1 : -1) * Math.exp(-2.0 * k * k * x * x);
        }
        return 2 * s;
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    /** Evidently's chi-squared test: p-value of scipy's {@code chisquare(f_obs=current, f_exp=reference * m/n)}. */
    public static double chiSquare(Map<?, Long> ref, Map<?, Long> cur, Collection<?> keys) {
        double n = ref.values().stream().mapToLong(Long::longValue).sum();
        double m = cur.values().stream().mapToLong(Long::longValue).sum();
        double kNorm = m / n;
        double stat = 0;
        for (Object k : keys) {
            double exp = ref.getOrDefault(k, 0L) * kNorm;
            double obs = cur.getOrDefault(k, 0L);
            double diff = obs - exp;
            stat += diff * diff / exp;
        }
        int dof = keys.size() - 1;
        if (dof <= 0) {
            return Double.NaN;
        }
        if (Double.isInfinite(stat) || Double.isNaN(stat)) {
            return 0;
        }
        return gammaQ(dof / 2.0, stat / 2);
    }

    /**
     * Evidently's Z-test for proportions: the share of rows that are not {@code first} (the smallest key), two-sided
     * p-value; 1 when both sides hold one and the same value.
     */
    public static double zTest(Map<?, Long> ref, Map<?, Long> cur, Object first) {
        if (ref.size() == 1 && cur.size() == 1 && ref.keySet().equals(cur.keySet())) {
            return 1;
        }
        double n1 = ref.values().stream().mapToLong(Long::longValue).sum();
        double n2 = cur.values().stream().mapToLong(Long::longValue).sum();
        double p1 = (n1 - ref.getOrDefault(first, 0L)) / n1;
        double p2 = (n2 - cur.getOrDefault(first, 0L)) / n2;
        double pooled = (p1 * n1 + p2 * n2) / (n1 + n2);
        double z = (p1 - p2) / Math.sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
        return 2 * (1 - normalCdf(Math.abs(z)));
    }

    /** scipy's {@code distance.jensenshannon(p, q)} (natural log). */
    public static double jensenShannon(double[] p, double[] q) {
        double sp = Arrays.stream(p).sum(), sq = Arrays.stream(q).sum();
        double left = 0, right = 0;
        for (int i = 0; i < p.length; i++) {
            double a = p[i] / sp, b = q[i] / sq;
            double mid = (a + b) / 2;
            left += relEntr(a, mid);
            right += relEntr(b, mid);
        }
        return Math.sqrt((left + right) / 2);
    }

    private static double relEntr(double x, double y) {
        if (x > 0 && y > 0) {
            return x * Math.log(x / y);
        }
        return x == 0 && y >= 0 ? 0 : Double.POSITIVE_INFINITY;
    }

    /** PSI = sum (r - c) ln(r / c) over shares that have had their zeros replaced ({@link #fillZeroes}). */
    public static double psi(double[] reference, double[] current) {
        double s = 0;
        for (int i = 0; i < reference.length; i++) {
            s += (reference[i] - current[i]) * Math.log(reference[i] / current[i]);
        }
        return s;
    }

    /** Evidently's zero filling: zero shares become min(non-zero)/1e6 if that minimum is ≤ 1e-4, else 1e-4. */
    public static double[] fillZeroes(double[] shares) {
        double min = Double.POSITIVE_INFINITY;
        for (double s : shares) {
            if (s != 0 && s < min) {
                min = s;
            }
        }
        double fill = min <= 0.0001 ? min / 1e6 : 0.0001;
        double[] out = shares.clone();
        for (int i = 0; i < out.length; i++) {
            if (out[i] == 0) {
                out[i] = fill;
            }
        }
        return out;
    }

    /** Reference and current shares on Evidently's bins ({@code get_binned_data}), before zero filling. */
    public record Binned(double[] reference, double[] current, List<String> bins) {
    }

    /**
     * Evidently's {@code get_binned_data} for a numerical column with more than 20 distinct reference values:
     * numpy's Sturges bins over the range of reference and current together ({@code histogram_bin_edges(...,
     * "sturges")}), last bin closed.
     */
    public static Binned sturges(Dist ref, Dist cur) {
        double first = Math.min(ref.min(), cur.min());
        double last = Math.max(ref.max(), cur.max());
        if (first == last) {
            first -= 0.5;
            last += 0.5;
        }
        long size = Math.round(ref.total + cur.total);
        double log2 = Long.bitCount(size) == 1 ? Long.numberOfTrailingZeros(size) : Math.log(size) / Math.log(2);
        double ptp = Math.max(ref.max(), cur.max()) - Math.min(ref.min(), cur.min());
        int bins = 1;
        double width = ptp / (log2 + 1.0);
        if (width != 0) {
            bins = (int) Math.ceil((last - first) / width);
        }
        double step = (last - first) / bins;
        double[] edges = new double[bins + 1];
        for (int i = 0; i < bins; i++) {
            edges[i] = i * step + first;
        }
        edges[bins] = last;
        double[] r = new double[bins], c = new double[bins];
        List<String> labels = new ArrayList<>();
        for (int b = 0; b < bins; b++) {
            boolean lastBin = b == bins - 1;
            r[b] = (ref.below(edges[b + 1], lastBin) - ref.below(edges[b], false)) / ref.total;
            c[b] = (cur.below(edges[b + 1], lastBin) - cur.below(edges[b], false)) / cur.total;
            labels.add(String.format(java.util.Locale.ROOT, "[%.4g, %.4g%s", edges[b], edges[b + 1], lastBin ? "]" : ")"));
        }
        return new Binned(r, c, labels);
    }

    /** Evidently's {@code get_binned_data} for categories (or few distinct numbers): shares per key of the union. */
    public static Binned byKey(Map<?, Long> ref, Map<?, Long> cur, List<?> keys) {
        double n = ref.values().stream().mapToLong(Long::longValue).sum();
        double m = cur.values().stream().mapToLong(Long::longValue).sum();
        double[] r = new double[keys.size()], c = new double[keys.size()];
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            r[i] = ref.getOrDefault(keys.get(i), 0L) / n;
            c[i] = cur.getOrDefault(keys.get(i), 0L) / m;
            labels.add(String.valueOf(keys.get(i)));
        }
        return new Binned(r, c, labels);
    }

    // ---- special functions ----

    static double normalCdf(double z) {
        return z >= 0 ? 1 - 0.5 * erfc(z / Math.sqrt(2)) : 0.5 * erfc(-z / Math.sqrt(2));
    }

    static double erfc(double x) {
        if (x < 0) {
            return 2 - erfc(-x);
        }
        return x == 0 ? 1 : gammaQ(0.5, x * x);
    }

    /** Regularized upper incomplete gamma Q(a, x). */
    static double gammaQ(double a, double x) {
        if (x <= 0) {
            return 1;
        }
        if (x < a + 1) {
            return 1 - gammaPSeries(a, x);
        }
        return gammaQContinuedFraction(a, x);
    }

    private static double gammaPSeries(double a, double x) {
        double ap = a, sum = 1 / a, del = sum;
        for (int n = 0; n < 10_000; n++) {
            ap++;
            del *= x / ap;
            sum += del;
            if (Math.abs(del) < Math.abs(sum) * 1e-17) {
                break;
            }
        }
        return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
    }

    private static double gammaQContinuedFraction(double a, double x) {
        double tiny = 1e-300;
        double b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d;
        for (int i = 1; i < 10_000; i++) {
            double an = -i * (i - a);
            b += 2;
            d = an * d + b;
            if (Math.abs(d) < tiny) {
                d = tiny;
            }
            c = b + an / c;
            if (Math.abs(c) < tiny) {
                c = tiny;
            }
            d = 1 / d;
            double del = d * c;
            h *= del;
            if (Math.abs(del - 1) < 1e-17) {
                break;
            }
        }
        return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
    }

    /** ln Γ(x) (Lanczos, g = 7, n = 9), relative error ~1e-15. */
    static double logGamma(double x) {
        if (x == 0.5) {
            return 0.5 * Math.log(Math.PI);
        }
        if (x < 0.5) {
            return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
        }
        double[] g = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
                -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
                1.5056327351493116e-7};
        x -= 1;
        double a = g[0];
        double t = x + 7.5;
        for (int i = 1; i < 9; i++) {
            a += g[i] / (x + i);
        }
        return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
    }
}
