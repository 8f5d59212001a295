package dev.handoff.runs;

import java.util.Objects;

/**
 * The full history of one metric of one run. Sources build it with {@link #sorted}, the one definition of the order
 * every view relies on: by step, then timestamp. Primitive arrays: a run can have millions of points. Callers must
 * not mutate the arrays.
 */
public record MetricSeries(String runId, String key, long[] steps, double[] values, long[] timestamps) {
    public MetricSeries {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(steps, "steps");
        Objects.requireNonNull(values, "values");
        Objects.requireNonNull(timestamps, "timestamps");
        if (steps.length != values.length || steps.length != timestamps.length) {
            throw new IllegalArgumentException("metric " + key + " of run " + runId + ": array lengths differ ("
                    + steps.length + ", " + values.length + ", " + timestamps.length + ")");
        }
    }

    /**
     * The series ordered by (step, timestamp), stable: points with equal step and timestamp keep their input order.
     * Takes ownership of the arrays: returns them as they are when already in order (one pass, no copy), else sorted
     * copies.
     */
    public static MetricSeries sorted(String runId, String key, long[] steps, double[] values, long[] timestamps) {
        MetricSeries asGiven = new MetricSeries(runId, key, steps, values, timestamps);
        int n = steps.length;
        int i = 1;
        while (i < n && !before(steps, timestamps, i, i - 1)) {
            i++;
        }
        if (i >= n) {
            return asGiven;
        }
        int[] order = stableOrder(steps, timestamps);
        long[] s = new long[n];
        double[] v = new double[n];
        long[] t = new long[n];
        for (int k = 0; k < n; k++) {
            s[k] = steps[order[k]];
            v[k] = values[order[k]];
            t[k] = timestamps[order[k]];
        }
        return new MetricSeries(runId, key, s, v, t);
    }

    /** Whether point {@code a} comes strictly before point {@code b} by (step, timestamp). */
    private static boolean before(long[] steps, long[] times, int a, int b) {
        return steps[a] < steps[b] || (steps[a] == steps[b] && times[a] < times[b]);
    }

    /** Indices in (step, timestamp) order: a bottom-up merge sort on primitive ints, stable, no boxing. */
    private static int[] stableOrder(long[] steps, long[] times) {
        int n = steps.length;
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        int[] tmp = new int[n];
        for (long width = 1; width < n; width *= 2) {
            for (long lo = 0; lo + width < n; lo += 2 * width) {
                int l = (int) lo;
                int mid = (int) (lo + width);
                int hi = (int) Math.min(lo + 2 * width, n);
                if (!before(steps, times, idx[mid], idx[mid - 1])) {
                    continue; // the two runs are already in order
                }
                int a = l;
                int b = mid;
                int k = l;
                while (a < mid && b < hi) {
                    // take from the right run only when strictly before: equal points keep their order
                    tmp[k++] = before(steps, times, idx[b], idx[a]) ? idx[b++] : idx[a++];
                }
                while (a < mid) {
                    tmp[k++] = idx[a++];
                }
                while (b < hi) {
                    tmp[k++] = idx[b++];
                }
                System.arraycopy(tmp, l, idx, l, hi - l);
            }
        }
        return idx;
    }

    public int size() {
        return steps.length;
    }

    /** The latest point by MLflow's (step, timestamp, value) order, or null when empty. */
    public Metric latest() {
        Metric best = null;
        for (int i = 0; i < steps.length; i++) {
            Metric m = new Metric(key, values[i], timestamps[i], steps[i]);
            if (m.isLaterThan(best)) {
                best = m;
            }
        }
        return best;
    }
}
