package dev.handoff.metrics;

import java.util.Locale;

/**
 * How a metric line is smoothed for display; the raw series is never changed. The kinds are those of the field's run
 * explorers (TensorBoard, W&amp;B), each with one parameter:
 * <ul>
 *   <li>{@link Kind#EMA}: TensorBoard's debiased exponential moving average, weight w in [0, 1) ({@link EmaSmoother}).
 *   <li>{@link Kind#TIME_WEIGHTED_EMA}: the same average with each point's decay scaled by its distance from the
 *       previous point: {@code s = Σ d·v / Σ d} with the running weight multiplied by {@code w^(Δx / ḡ)} per point,
 *       ḡ being the series' mean x spacing. Evenly spaced points give exactly TensorBoard's EMA; a gap twice the mean
 *       spacing forgets as much as two ordinary steps, so unevenly logged runs smooth consistently.
 *   <li>{@link Kind#GAUSSIAN}: Gaussian kernel smoothing over x: each point becomes the average of all points weighted
 *       by {@code exp(-(x_j - x_i)² / 2σ²)}, with σ = parameter × ḡ (the parameter counts mean spacings), using the
 *       points before and after it; the kernel is cut at 4σ.
 *   <li>{@link Kind#RUNNING_AVERAGE}: the mean of a centred window of N points (the parameter, rounded; N − 1 split
 *       as evenly as possible before and after, the window clipped at both ends).
 * </ul>
 * Non-finite points (NaN, ±Inf) are passed through and never enter an average.
 */
public record Smoothing(Kind kind, double parameter) {
    /** The smoothing kinds, with the range of their parameter. */
    public enum Kind {
        NONE("none", 0, 0),
        EMA("EMA (TensorBoard)", 0, 0.99),
        TIME_WEIGHTED_EMA("time-weighted EMA", 0, 0.99),
        GAUSSIAN("Gaussian (σ in steps)", 0.5, 50),
        RUNNING_AVERAGE("running average (points)", 1, 101);

        private final String label;
        public final double min;
        public final double max;

        Kind(String label, double min, double max) {
            this.label = label;
            this.min = min;
            this.max = max;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    public static final Smoothing NONE = new Smoothing(Kind.NONE, 0);

    public Smoothing {
        if (kind == null) {
            throw new IllegalArgumentException("smoothing kind is required");
        }
        boolean ok = switch (kind) {
            case NONE -> true;
            case EMA, TIME_WEIGHTED_EMA -> parameter >= 0 && parameter < 1;
            case GAUSSIAN -> parameter > 0 && Double.isFinite(parameter);
            case RUNNING_AVERAGE -> parameter >= 1 && Double.isFinite(parameter);
        };
        if (!ok) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s smoothing parameter out of range: %s",
                    kind, parameter));
        }
    }

    /** TensorBoard's EMA with {@code weight}; 0 is no smoothing. */
    public static Smoothing ema(double weight) {
        return weight == 0 ? NONE : new Smoothing(Kind.EMA, weight);
    }

    /** True when the line is drawn as it is. */
    public boolean none() {
        return kind == Kind.NONE || (kind == Kind.EMA || kind == Kind.TIME_WEIGHTED_EMA) && parameter == 0
                || kind == Kind.RUNNING_AVERAGE && Math.round(parameter) <= 1;
    }

    /**
     * Smooths {@code y} over {@code x} (same length, x ascending as charts draw it).
     *
     * @return a new array of the same length
     */
    public double[] apply(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("x and y differ in length: " + x.length + " vs " + y.length);
        }
        return switch (kind) {
            case NONE -> y.clone();
            case EMA -> EmaSmoother.smooth(y, parameter);
            case TIME_WEIGHTED_EMA -> timeWeightedEma(x, y, parameter);
            case GAUSSIAN -> gaussian(x, y, parameter * meanSpacing(x));
            case RUNNING_AVERAGE -> runningAverage(y, (int) Math.round(parameter));
        };
    }

    /** (x_last - x_first) / (n - 1), or 1 when that is not a positive finite number. */
    static double meanSpacing(double[] x) {
        if (x.length < 2) {
            return 1;
        }
        double g = (x[x.length - 1] - x[0]) / (x.length - 1);
        return g > 0 && Double.isFinite(g) ? g : 1;
    }

    private static double[] timeWeightedEma(double[] x, double[] y, double w) {
        double[] out = new double[y.length];
        double g = meanSpacing(x);
        double sum = 0;
        double weight = 0;
        double lastX = Double.NaN;
        for (int i = 0; i < y.length; i++) {
            if (!Double.isFinite(y[i])) {
                out[i] = y[i];
                continue;
            }
            double decay = Double.isNaN(lastX) ? 0 : Math.pow(w, Math.max(0, x[i] - lastX) / g);
            sum = sum * decay + y[i];
            weight = weight * decay + 1;
            out[i] = sum / weight;
            lastX = x[i];
        }
        return out;
    }

    private static double[] gaussian(double[] x, double[] y, double sigma) {
        double[] out = new double[y.length];
        double reach = 4 * sigma;
        int from = 0;
        for (int i = 0; i < y.length; i++) {
            if (!Double.isFinite(y[i])) {
                out[i] = y[i];
                continue;
            }
            while (from < i && x[from] < x[i] - reach) {
                from++;
            }
            double sum = 0;
            double weights = 0;
            for (int j = from; j < y.length && x[j] <= x[i] + reach; j++) {
                if (Double.isFinite(y[j])) {
                    double d = (x[j] - x[i]) / sigma;
                    double k = Math.exp(-0.5 * d * d);
                    sum += k * y[j];
                    weights += k;
                }
            }
            out[i] = sum / weights;
        }
        return out;
    }

    private static double[] runningAverage(double[] y, int window) {
        double[] out = new double[y.length];
        double[] prefix = new double[y.length + 1];
        int[] count = new int[y.length + 1];
        for (int i = 0; i < y.length; i++) {
            boolean finite = Double.isFinite(y[i]);
            prefix[i + 1] = prefix[i] + (finite ? y[i] : 0);
            count[i + 1] = count[i] + (finite ? 1 : 0);
        }
        int before = (window - 1) / 2;
        int after = window - 1 - before;
        for (int i = 0; i < y.length; i++) {
            if (!Double.isFinite(y[i])) {
                out[i] = y[i];
                continue;
            }
            int lo = Math.max(0, i - before);
            int hi = Math.min(y.length, i + after + 1);
            out[i] = (prefix[hi] - prefix[lo]) / (count[hi] - count[lo]);
        }
        return out;
    }
}
