package dev.handoff.metrics;

import java.util.Arrays;

/**
 * A series prepared for repeated min/max ("M4") downsampling: built once in O(n), it answers
 * {@link #downsample(int)} and every zoomed {@link #downsample(double, double, int)} in
 * O(buckets · (log n + BLOCK) + m / BLOCK) for the m points in the window, instead of O(m) with a scan per point:
 * a column's whole blocks are merged from their summaries ({@value #BLOCK} points each, read sequentially), so a
 * chart can re-reduce millions of points on every zoom, pan or resize (20 series of 1M points: about 15 ms on a
 * 2-core VM). The result is identical to {@link MinMaxDownsampler}'s: per column its first, minimum, maximum and last
 * point in x order plus the first gap (NaN / ±Inf) marker.
 * <p>
 * Per block of {@value #BLOCK} points it keeps the index of the first and last finite point, of the first minimum
 * and maximum, and of the first gap. A column's extremes are the extremes of its whole blocks plus a scan of the
 * partial blocks at its two ends. Immutable and thread-safe; it keeps (does not copy) the arrays it is given.
 */
public final class MinMaxIndex {
    static final int BLOCK = 8;

    private final double[] x;
    private final double[] y;
    private final int[] blockFirst;
    private final int[] blockLast;
    private final int[] blockMin;
    private final int[] blockMax;
    private final int[] blockGap;
    private final double[] blockMinValue;
    private final double[] blockMaxValue;

    private MinMaxIndex(double[] x, double[] y) {
        this.x = x;
        this.y = y;
        int blocks = (x.length + BLOCK - 1) / BLOCK;
        blockFirst = new int[blocks];
        blockLast = new int[blocks];
        blockMin = new int[blocks];
        blockMax = new int[blocks];
        blockGap = new int[blocks];
        blockMinValue = new double[blocks];
        blockMaxValue = new double[blocks];
        int[] e = new int[5];
        for (int b = 0; b < blocks; b++) {
            scan(b * BLOCK, Math.min(x.length, (b + 1) * BLOCK), e);
            blockFirst[b] = e[0];
            blockMin[b] = e[1];
            blockMax[b] = e[2];
            blockLast[b] = e[3];
            blockGap[b] = e[4];
            blockMinValue[b] = e[1] >= 0 ? y[e[1]] : Double.NaN;
            blockMaxValue[b] = e[2] >= 0 ? y[e[2]] : Double.NaN;
        }
    }

    /**
     * @param x finite, non-decreasing
     * @param y same length as {@code x}; NaN / ±Inf are gaps
     * @throws IllegalArgumentException when the arrays differ in length or x is not finite and non-decreasing
     */
    public static MinMaxIndex of(double[] x, double[] y) {
        SeriesChecks.validate(x, y, 1);
        return new MinMaxIndex(x, y);
    }

    public int size() {
        return x.length;
    }

    /** The whole series in {@code buckets} columns; a series of at most {@code 4 * buckets} points is copied whole. */
    public Downsampled downsample(int buckets) {
        requireBuckets(buckets);
        int n = x.length;
        if (n <= 4L * buckets) {
            return SeriesChecks.copyOf(x, y);
        }
        return reduce(0, n, x[0], x[n - 1] - x[0], buckets, n);
    }

    /**
     * What a zoomed chart shows: the points with {@code lo <= x <= hi} plus the nearest point outside each end (so
     * the line still enters and leaves the view), in {@code buckets} columns over {@code [lo, hi]}.
     * {@link Downsampled#originalCount()} is the number of points in that window.
     *
     * @throws IllegalArgumentException when {@code lo > hi}, either is not finite, or {@code buckets < 1}
     */
    public Downsampled downsample(double lo, double hi, int buckets) {
        requireBuckets(buckets);
        if (!Double.isFinite(lo) || !Double.isFinite(hi) || lo > hi) {
            throw new IllegalArgumentException("window must be finite with lo <= hi, got [" + lo + ", " + hi + "]");
        }
        int n = x.length;
        int from = Math.max(0, firstIndex(lo, false) - 1);
        int to = Math.min(n, firstIndex(hi, true) + 1);
        int count = to - from;
        if (count <= 4L * buckets) {
            return new Downsampled(Arrays.copyOfRange(x, from, to), Arrays.copyOfRange(y, from, to), count);
        }
        return reduce(from, to, lo, hi - lo, buckets, count);
    }

    private static void requireBuckets(int buckets) {
        SeriesChecks.requirePositive(buckets);
    }

    /**
     * M4 over {@code [from, to)} with columns of width {@code span / buckets} from {@code x0}; points left of
     * {@code x0} fall in the first column, right of {@code x0 + span} in the last. Column ends are found by binary
     * search: {@link #bucketOf} is monotonic in x (IEEE rounding is).
     */
    private Downsampled reduce(int from, int to, double x0, double span, int buckets, int originalCount) {
        int[] out = new int[Math.min(to - from, 5 * buckets)];
        int[] e = new int[5];
        int count = 0;
        int start = from;
        while (start < to) {
            int bucket = bucketOf(x[start], x0, span, buckets);
            int end = bucketEnd(start, to, bucket, x0, span, buckets);
            extremes(start, end, e);
            Arrays.sort(e);
            int previous = -1;
            for (int p : e) {
                if (p >= 0 && p != previous) {
                    out[count++] = p;
                    previous = p;
                }
            }
            start = end;
        }
        double[] ox = new double[count];
        double[] oy = new double[count];
        for (int i = 0; i < count; i++) {
            ox[i] = x[out[i]];
            oy[i] = y[out[i]];
        }
        return new Downsampled(ox, oy, originalCount);
    }

    /** first, min, max, last, gap of [start, end) into {@code e}, using whole blocks where it can. */
    private void extremes(int start, int end, int[] e) {
        int firstFull = (start + BLOCK - 1) / BLOCK;
        int lastFull = end / BLOCK; // exclusive
        if (firstFull >= lastFull) {
            scan(start, end, e);
            return;
        }
        scan(start, firstFull * BLOCK, e);
        int first = e[0];
        int min = e[1];
        int max = e[2];
        int last = e[3];
        int gap = e[4];
        double minV = min >= 0 ? y[min] : Double.POSITIVE_INFINITY;
        double maxV = max >= 0 ? y[max] : Double.NEGATIVE_INFINITY;
        for (int b = firstFull; b < lastFull; b++) {
            if (blockFirst[b] >= 0) {
                if (first < 0) {
                    first = blockFirst[b];
                }
                last = blockLast[b];
                if (blockMinValue[b] < minV) {
                    minV = blockMinValue[b];
                    min = blockMin[b];
                }
                if (blockMaxValue[b] > maxV) {
                    maxV = blockMaxValue[b];
                    max = blockMax[b];
                }
            }
            if (gap < 0) {
                gap = blockGap[b];
            }
        }
        e[0] = first;
        e[1] = min;
        e[2] = max;
        e[3] = last;
        e[4] = gap;
        int headFirst = e[0];
        int headMin = e[1];
        int headMax = e[2];
        int headLast = e[3];
        int headGap = e[4];
        scan(lastFull * BLOCK, end, e);
        int tailFirst = e[0];
        int tailMin = e[1];
        int tailMax = e[2];
        int tailLast = e[3];
        int tailGap = e[4];
        e[0] = headFirst;
        e[1] = headMin;
        e[2] = headMax;
        e[3] = headLast;
        e[4] = headGap;
        merge(e, tailFirst, tailMin, tailMax, tailLast, tailGap);
    }

    /** Merges a later range's extremes into {@code e}: first occurrences win ties, as in a left-to-right scan. */
    private void merge(int[] e, int first, int min, int max, int last, int gap) {
        if (first >= 0) {
            if (e[0] < 0) {
                e[0] = first;
                e[1] = min;
                e[2] = max;
            } else {
                if (y[min] < y[e[1]]) {
                    e[1] = min;
                }
                if (y[max] > y[e[2]]) {
                    e[2] = max;
                }
            }
            e[3] = last;
        }
        if (e[4] < 0) {
            e[4] = gap;
        }
    }

    /** Plain left-to-right scan of [start, end): first, min, max, last finite point and first gap, -1 if none. */
    private void scan(int start, int end, int[] e) {
        int first = -1;
        int last = -1;
        int min = -1;
        int max = -1;
        int gap = -1;
        double minV = Double.POSITIVE_INFINITY;
        double maxV = Double.NEGATIVE_INFINITY;
        for (int i = start; i < end; i++) {
            double v = y[i];
            if (!(Math.abs(v) <= Double.MAX_VALUE)) { // NaN or ±Inf: a gap, never an extreme
                if (gap < 0) {
                    gap = i;
                }
                continue;
            }
            if (first < 0) {
                first = i;
            }
            last = i;
            if (v < minV) {
                minV = v;
                min = i;
            }
            if (v > maxV) {
                maxV = v;
                max = i;
            }
        }
        e[0] = first;
        e[1] = min;
        e[2] = max;
        e[3] = last;
        e[4] = gap;
    }

    /**
     * The first index in {@code (start, to)} whose column is past {@code bucket}, or {@code to}: a galloping search
     * from {@code start}, so it reads memory near the column instead of halving the whole series.
     */
    private int bucketEnd(int start, int to, int bucket, double x0, double span, int buckets) {
        if (bucket == buckets - 1) {
            return to; // the last column takes the rest
        }
        // gallop and bisect on plain comparisons against the column's right edge, then settle the exact boundary
        // with bucketOf itself (floating-point rounding may put a point at the edge on either side)
        double edge = x0 + span * (bucket + 1) / buckets;
        int lo = start + 1;
        int step = 1;
        int hi = lo;
        while (hi < to && x[hi] < edge) {
            lo = hi + 1;
            hi = (int) Math.min(to, (long) hi + step);
            step <<= 1;
        }
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (x[mid] < edge) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        while (lo > start + 1 && bucketOf(x[lo - 1], x0, span, buckets) > bucket) {
            lo--;
        }
        while (lo < to && bucketOf(x[lo], x0, span, buckets) <= bucket) {
            lo++;
        }
        return lo;
    }

    /** The first index with {@code x >= v} ({@code x > v} when {@code above}), or {@code size()}. */
    private int firstIndex(double v, boolean above) {
        int lo = 0;
        int hi = x.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (above ? x[mid] <= v : x[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static int bucketOf(double xi, double x0, double span, int buckets) {
        if (span <= 0) {
            return 0;
        }
        int b = (int) ((xi - x0) / span * buckets);
        return Math.max(0, Math.min(b, buckets - 1));
    }
}
