package dev.handoff.drift;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Builds column and data set profiles from data in memory. Pure computation; no I/O but the file digest. */
public final class Profiler {
    private final ReferenceProfile.Settings settings;

    public Profiler(ReferenceProfile.Settings settings) {
        this.settings = settings;
    }

    public ReferenceProfile.Settings settings() {
        return settings;
    }

    public static Profiler defaults() {
        return new Profiler(ReferenceProfile.Settings.defaults());
    }

    /**
     * Profiles every column of {@code table} (in the order given), the score and the labels.
     *
     * @param columns the columns to profile, in order
     * @param score   the model's positive-class probability per row, or null
     * @param labels  the true labels per row, or null
     * @param threads columns are profiled in parallel on up to this many threads
     */
    public DatasetProfile profile(String role, DataTable table, List<String> columns, double[] score, String[] labels,
                                  int threads) throws IOException {
        List<ColumnProfile> out = new ArrayList<>();
        if (threads <= 1 || columns.size() < 2) {
            for (String c : columns) {
                out.add(column(c, table));
            }
        } else {
            ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, columns.size()), r -> {
                Thread t = new Thread(r, "profiler");
                t.setDaemon(true);
                return t;
            });
            try {
                List<Future<ColumnProfile>> futures = new ArrayList<>();
                for (String c : columns) {
                    futures.add(pool.submit(() -> column(c, table)));
                }
                for (Future<ColumnProfile> f : futures) {
                    out.add(f.get());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("profiling interrupted", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw new IOException(e.getCause());
            } finally {
                pool.shutdownNow();
            }
        }
        Path file = table.file();
        String sha = file != null && Files.isRegularFile(file) ? sha256(file) : null;
        return new DatasetProfile(role, file == null ? null : String.valueOf(file.getFileName()), sha, table.rows(), out,
                score == null ? null : numerical("score", score), labels == null ? null : frequencies(labels));
    }

    private ColumnProfile column(String name, DataTable table) {
        return table.kinds().get(name) == ColumnKind.NUMERICAL ? numerical(name, table.numbers(name))
                : categorical(name, table.labels(name));
    }

    /** The profile of a numerical column; NaN is missing. */
    public ColumnProfile numerical(String name, double[] raw) {
        double[] sorted = new double[raw.length];
        int n = 0;
        for (double x : raw) {
            if (!Double.isNaN(x) && !Double.isInfinite(x)) {
                sorted[n++] = x;
            }
        }
        long missing = raw.length - n;
        if (n == 0) {
            return new ColumnProfile(name, ColumnKind.NUMERICAL, 0, missing, 0, null, null, null, null, Map.of(), null,
                    null, null);
        }
        Arrays.sort(sorted, 0, n);
        // distinct values with counts
        int distinct = 1;
        for (int i = 1; i < n; i++) {
            if (sorted[i] != sorted[i - 1]) {
                distinct++;
            }
        }
        double[] values = new double[distinct];
        long[] counts = new long[distinct];
        int k = 0;
        values[0] = sorted[0];
        counts[0] = 1;
        for (int i = 1; i < n; i++) {
            if (sorted[i] != sorted[i - 1]) {
                values[++k] = sorted[i];
            }
            counts[k]++;
        }
        double mean = 0;
        for (int i = 0; i < distinct; i++) {
            mean += values[i] * counts[i];
        }
        mean /= n;
        double ss = 0;
        for (int i = 0; i < distinct; i++) {
            double d = values[i] - mean;
            ss += d * d * counts[i];
        }
        double std = Math.sqrt(ss / n);
        Map<String, Double> quantiles = new LinkedHashMap<>();
        for (double q : settings.quantiles()) {
            quantiles.put(key(q), quantile(sorted, n, q));
        }
        ColumnProfile.Distribution distribution;
        if (distinct <= settings.maxDistinctValues()) {
            distribution = new ColumnProfile.Distribution(true, values, counts);
        } else {
            int points = settings.sketchPoints();
            double[] sketch = new double[points];
            long[] ones = new long[points];
            for (int i = 0; i < points; i++) {
                sketch[i] = quantile(sorted, n, i / (double) (points - 1));
                ones[i] = 1;
            }
            distribution = new ColumnProfile.Distribution(false, sketch, ones);
        }
        return new ColumnProfile(name, ColumnKind.NUMERICAL, n, missing, distinct, sorted[0], sorted[n - 1], mean, std,
                quantiles, histogram(sorted, n), distribution, null);
    }

    /** Decile edges of the data (deduplicated), fixed for every later comparison, with the counts per bin. */
    private ColumnProfile.Histogram histogram(double[] sorted, int n) {
        int bins = settings.histogramBins();
        double[] edges = new double[bins - 1];
        int e = 0;
        for (int i = 1; i < bins; i++) {
            double q = quantile(sorted, n, i / (double) bins);
            if (e == 0 || q > edges[e - 1]) {
                edges[e++] = q;
            }
        }
        edges = Arrays.copyOf(edges, e);
        // the top edge must leave something above it, else the last bin is always empty
        if (e > 0 && edges[e - 1] >= sorted[n - 1]) {
            edges = Arrays.copyOf(edges, e - 1);
        }
        ColumnProfile.Histogram h = new ColumnProfile.Histogram(edges, new long[edges.length + 1]);
        long[] counts = h.counts();
        for (int i = 0; i < n; i++) {
            counts[h.bin(sorted[i])]++;
        }
        return h;
    }

    /** numpy's default ("linear") quantile of sorted data. */
    static double quantile(double[] sorted, int n, double q) {
        double h = (n - 1) * q;
        int lo = (int) Math.floor(h);
        if (lo >= n - 1) {
            return sorted[n - 1];
        }
        double frac = h - lo;
        return sorted[lo] + frac * (sorted[lo + 1] - sorted[lo]);
    }

    private static String key(double q) {
        return String.format(Locale.ROOT, "p%s", trim(q * 100));
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    /** The profile of a categorical column; null is missing. Categories are sorted by name. */
    public ColumnProfile categorical(String name, String[] raw) {
        Map<String, Long> freq = new HashMap<>();
        long missing = 0;
        for (String s : raw) {
            if (s == null) {
                missing++;
            } else {
                freq.merge(s, 1L, Long::sum);
            }
        }
        Map<String, Long> sorted = new LinkedHashMap<>(new TreeMap<>(freq));
        return new ColumnProfile(name, ColumnKind.CATEGORICAL, raw.length - missing, missing, sorted.size(), null, null,
                null, null, null, null, null, sorted);
    }

    static Map<String, Long> frequencies(String[] labels) {
        Map<String, Long> freq = new TreeMap<>();
        for (String s : labels) {
            if (s != null) {
                freq.merge(s, 1L, Long::sum);
            }
        }
        return new LinkedHashMap<>(freq);
    }

    public static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            int r;
            while ((r = in.read(buf)) > 0) {
                md.update(buf, 0, r);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
