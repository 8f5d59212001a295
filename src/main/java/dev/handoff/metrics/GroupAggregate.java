package dev.handoff.metrics;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The aggregate of a group of runs' histories of one metric (e.g. all seeds of one configuration), aligned by step:
 * for every step that at least one member logged, the members that logged it contribute their value there, and
 * {@code n} says how many did. A step logged by only some runs is aggregated over those runs alone (W&amp;B does the
 * same); nothing is interpolated. A member that logged a step several times contributes its last point there (the
 * latest by timestamp, MLflow's rule). Non-finite values (NaN, ±Inf) are left out of the statistics and out of n; a
 * step where no member has a finite value is dropped.
 *
 * <p>Definitions (numpy's): mean = Σv / n; median = middle value, the mean of the two middle values for even n;
 * std = sqrt(Σ(v − mean)² / (n − 1)) (sample, {@code ddof=1}); stderr = std / √n. The band is centred on the chosen
 * line: [min, max] for {@link Band#MINMAX}, line ± std or line ± stderr otherwise. With n = 1 the std is undefined and
 * the band collapses onto the line (zero width).
 */
public final class GroupAggregate {
    private GroupAggregate() {
    }

    /**
     * One member run: its points in (step, timestamp) order, as {@link dev.handoff.runs.MetricSeries} keeps them, and
     * each point's x value (the step itself, a time or another metric; averaged per step like the values).
     */
    public record Member(long[] steps, double[] x, double[] y) {
        public Member {
            Objects.requireNonNull(steps, "steps");
            Objects.requireNonNull(x, "x");
            Objects.requireNonNull(y, "y");
            if (steps.length != x.length || steps.length != y.length) {
                throw new IllegalArgumentException("steps, x and y differ in length: " + steps.length + ", "
                        + x.length + ", " + y.length);
            }
        }

        /** A member whose x is the step. */
        public static Member ofSteps(long[] steps, double[] y) {
            double[] x = new double[steps.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = steps[i];
            }
            return new Member(steps, x, y);
        }
    }

    /**
     * Per aggregated step, in ascending step order: the mean x of the members there, the line (mean or median), the
     * band's lower and upper edge (equal to the line for {@link Band#NONE}) and the number of members aggregated.
     */
    public record Result(long[] steps, double[] x, double[] line, double[] lower, double[] upper, int[] n) {
        public int size() {
            return steps.length;
        }

        /** The largest n over all steps (the group's size where every member logged). */
        public int maxN() {
            return Arrays.stream(n).max().orElse(0);
        }
    }

    public static Result of(List<Member> members, Aggregate aggregate, Band band) {
        Objects.requireNonNull(aggregate, "aggregate");
        Objects.requireNonNull(band, "band");
        long[] steps = unionOfSteps(members);
        int m = members.size();
        int[] cursor = new int[m];
        double[] vals = new double[m];
        double[] xs = new double[m];
        int count = 0;
        long[] outSteps = new long[steps.length];
        double[] outX = new double[steps.length];
        double[] line = new double[steps.length];
        double[] lower = new double[steps.length];
        double[] upper = new double[steps.length];
        int[] outN = new int[steps.length];
        for (long step : steps) {
            int n = 0;
            for (int j = 0; j < m; j++) {
                Member mem = members.get(j);
                int i = cursor[j];
                while (i < mem.steps().length && mem.steps()[i] < step) {
                    i++;
                }
                int last = -1;
                while (i < mem.steps().length && mem.steps()[i] == step) {
                    last = i++;
                }
                cursor[j] = i;
                if (last >= 0 && Double.isFinite(mem.y()[last])) {
                    vals[n] = mem.y()[last];
                    xs[n] = mem.x()[last];
                    n++;
                }
            }
            if (n == 0) {
                continue;
            }
            double[] v = Arrays.copyOf(vals, n);
            double mean = mean(v);
            double center = aggregate == Aggregate.MEAN ? mean : median(v);
            outSteps[count] = step;
            outX[count] = mean(Arrays.copyOf(xs, n));
            line[count] = center;
            outN[count] = n;
            switch (band) {
                case NONE -> {
                    lower[count] = center;
                    upper[count] = center;
                }
                case MINMAX -> {
                    lower[count] = Arrays.stream(v).min().orElseThrow();
                    upper[count] = Arrays.stream(v).max().orElseThrow();
                }
                case STD, STDERR -> {
                    double s = n < 2 ? 0 : std(v);
                    double half = band == Band.STD ? s : s / Math.sqrt(n);
                    lower[count] = center - half;
                    upper[count] = center + half;
                }
                default -> throw new IllegalStateException("unknown band " + band);
            }
            count++;
        }
        return new Result(Arrays.copyOf(outSteps, count), Arrays.copyOf(outX, count), Arrays.copyOf(line, count),
                Arrays.copyOf(lower, count), Arrays.copyOf(upper, count), Arrays.copyOf(outN, count));
    }

    private static long[] unionOfSteps(List<Member> members) {
        int total = 0;
        for (Member mem : members) {
            total += mem.steps().length;
        }
        long[] all = new long[total];
        int k = 0;
        for (Member mem : members) {
            System.arraycopy(mem.steps(), 0, all, k, mem.steps().length);
            k += mem.steps().length;
        }
        return Arrays.stream(all).sorted().distinct().toArray();
    }

    /** Arithmetic mean; NaN for no values. */
    public static double mean(double[] v) {
        if (v.length == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (double d : v) {
            sum += d;
        }
        return sum / v.length;
    }

    /** Median (mean of the two middle values for an even count); NaN for no values. Does not modify {@code v}. */
    public static double median(double[] v) {
        if (v.length == 0) {
            return Double.NaN;
        }
        double[] s = v.clone();
        Arrays.sort(s);
        int mid = s.length / 2;
        return s.length % 2 == 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
    }

    /** Sample standard deviation, n − 1 in the denominator; NaN for fewer than two values. */
    public static double std(double[] v) {
        if (v.length < 2) {
            return Double.NaN;
        }
        double mean = mean(v);
        double ss = 0;
        for (double d : v) {
            ss += (d - mean) * (d - mean);
        }
        return Math.sqrt(ss / (v.length - 1));
    }
}
