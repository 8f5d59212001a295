package dev.handoff.explain;

import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.regression.Regressor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Permutation importance (Breiman 2001; Fisher et al. 2019) on held-out data: for each feature, shuffle its column,
 * re-score the model and report the mean drop of the metric over {@code repeats} shuffles with its standard
 * deviation. Shuffles are seeded per (feature, repeat), so results do not depend on thread scheduling. Features are
 * processed in parallel on a bounded pool; cancellation and thread interruption stop the work between shuffles.
 *
 * <p>Classifiers are scored with a {@link ClassificationMetric} (importance = metric drop), regressors with a
 * {@link RegressionMetric} on one output dimension (importance = RMSE increase or R² drop, see
 * {@link RegressionMetric#degradation}).
 */
public final class PermutationImportance {

    private final ClassificationMetric metric;
    private final RegressionMetric regressionMetric;
    private final int repeats;
    private final long seed;
    private final int threads;

    /**
     * @param metric  higher-is-better metric whose drop is measured
     * @param repeats shuffles per feature (at least 1)
     * @param seed    base seed of the shuffles
     * @param threads worker threads (at least 1; capped by the number of features)
     */
    public PermutationImportance(ClassificationMetric metric, int repeats, long seed, int threads) {
        this(metric, null, repeats, seed, threads);
    }

    /**
     * Permutation importance of a regressor.
     *
     * @param metric  regression score; the importance is how much it degrades (RMSE increase, R² drop)
     * @param repeats shuffles per feature (at least 1)
     * @param seed    base seed of the shuffles
     * @param threads worker threads (at least 1; capped by the number of features)
     */
    public PermutationImportance(RegressionMetric metric, int repeats, long seed, int threads) {
        this(null, metric, repeats, seed, threads);
    }

    private PermutationImportance(ClassificationMetric metric, RegressionMetric regressionMetric, int repeats,
                                  long seed, int threads) {
        if (repeats < 1) {
            throw new IllegalArgumentException("repeats must be at least 1, got " + repeats);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.metric = metric;
        this.regressionMetric = regressionMetric;
        this.repeats = repeats;
        this.seed = seed;
        this.threads = threads;
    }

    /** Computes without progress reporting or cancellation (interruption is still honoured). */
    public FeatureImportance compute(Model<Label> model, FeatureTable heldOut) {
        return compute(model, heldOut, ProgressListener.NONE, Cancellation.NONE);
    }

    /**
     * @param heldOut labelled rows the model was not trained on; columns must match the model's features
     * @param progress called after each shuffle with (done, features × repeats), possibly from worker threads
     * @throws CancellationException    if cancelled or interrupted (the interrupt flag is restored)
     * @throws IllegalArgumentException if the table is unlabelled or its columns do not match the model
     */
    public FeatureImportance compute(Model<Label> model, FeatureTable heldOut, ProgressListener progress,
                                     Cancellation cancellation) {
        if (metric == null) {
            throw new IllegalArgumentException("This permutation importance scores regressors with "
                    + regressionMetric.name() + "; use computeRegression, or a ClassificationMetric for a classifier");
        }
        List<String> features = FeatureTable.modelFeatures(model);
        FeatureTable data = checked(heldOut, features);
        List<String> truth = data.labels();
        return run(data, rows -> {
            List<Prediction<Label>> predictions = model.predict(TribuoFunctions.examples(features, rows));
            return metric.score(truth, predictions);
        }, (baseline, shuffled) -> baseline - shuffled, metric.name(), metric.name() + " drop", progress,
                cancellation);
    }

    /** Regression permutation importance without progress reporting or cancellation. */
    public FeatureImportance computeRegression(Model<Regressor> model, String dimension, FeatureTable heldOut) {
        return computeRegression(model, dimension, heldOut, ProgressListener.NONE, Cancellation.NONE);
    }

    /**
     * Permutation importance of one output dimension of a regressor.
     *
     * @param dimension the explained dimension, or null for a single-dimension regressor
     * @param heldOut   rows with numeric labels (the true values of {@code dimension})
     * @throws IllegalArgumentException if the table is unlabelled, a label is not a number, the dimension is unknown
     *                                  or ambiguous, or the columns do not match
     */
    public FeatureImportance computeRegression(Model<Regressor> model, String dimension, FeatureTable heldOut,
                                               ProgressListener progress, Cancellation cancellation) {
        if (regressionMetric == null) {
            throw new IllegalArgumentException("This permutation importance scores classifiers with " + metric.name()
                    + "; give a RegressionMetric (RMSE, R²) for a regressor");
        }
        String dim = TribuoFunctions.requireDimension(model, dimension);
        List<String> features = FeatureTable.modelFeatures(model);
        FeatureTable data = checked(heldOut, features);
        double[] truth = RegressionMetric.parseTruth(data.labels());
        FeatureImportance fi = run(data,
                rows -> regressionMetric.score(truth, TribuoFunctions.predictedValues(model, dim, features, rows)),
                regressionMetric::degradation, regressionMetric.name(), regressionMetric.importanceName(), progress,
                cancellation);
        Map<String, String> params = new LinkedHashMap<>(fi.parameters());
        params.put("dimension", dim);
        return new FeatureImportance(fi.kind(), fi.entries(), params, fi.order());
    }

    private static FeatureTable checked(FeatureTable heldOut, List<String> features) {
        FeatureTable data = heldOut.alignTo(features);
        if (data.labels().isEmpty()) {
            throw new IllegalArgumentException("Permutation importance needs labelled held-out data");
        }
        if (data.numRows() < 2) {
            throw new IllegalArgumentException("Permutation importance needs at least 2 held-out rows");
        }
        return data;
    }

    /** Score of a full set of rows (feature order of the table). */
    @FunctionalInterface
    private interface Scorer {
        double score(double[][] rows);
    }

    /** How much worse a shuffled score is than the baseline. */
    @FunctionalInterface
    private interface Degradation {
        double of(double baseline, double shuffled);
    }

    private FeatureImportance run(FeatureTable data, Scorer scorer, Degradation degradation, String metricName,
                                  String importanceName, ProgressListener progress, Cancellation cancellation) {
        List<String> features = data.featureNames();
        double[][] rows = data.rowsView();
        double baseline = scorer.score(rows);
        int m = features.size();
        long total = (long) m * repeats;
        AtomicLong done = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, m), daemonThreads());
        List<Future<double[]>> futures = new ArrayList<>();
        try {
            for (int f = 0; f < m; f++) {
                int feature = f;
                futures.add(pool.submit(() -> {
                    double[] drops = new double[repeats];
                    for (int r = 0; r < repeats; r++) {
                        cancellation.check();
                        double[][] shuffled = permuteColumn(rows, feature, new SplittableRandom(mix(seed, feature, r)));
                        drops[r] = degradation.of(baseline, scorer.score(shuffled));
                        progress.progress(done.incrementAndGet(), total,
                                "Permuting " + features.get(feature) + " (" + (r + 1) + "/" + repeats + ")");
                    }
                    return drops;
                }));
            }
            List<FeatureImportance.Entry> entries = new ArrayList<>();
            for (int f = 0; f < m; f++) {
                double[] drops = await(futures.get(f));
                entries.add(new FeatureImportance.Entry(features.get(f), mean(drops), std(drops)));
            }
            Map<String, String> params = new LinkedHashMap<>();
            params.put("metric", metricName);
            params.put("baseline", Double.toString(baseline));
            params.put("repeats", Integer.toString(repeats));
            params.put("seed", Long.toString(seed));
            params.put("rows", Integer.toString(data.numRows()));
            params.put("order", "mean " + importanceName + ", descending (signed, as sklearn's importances_mean)");
            return new FeatureImportance("permutation importance (" + importanceName + ")", entries, params,
                    FeatureImportance.Order.SIGNED);
        } finally {
            futures.forEach(fu -> fu.cancel(true));
            pool.shutdownNow();
        }
    }

    private static double[] await(Future<double[]> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("Permutation importance interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        }
    }

    /** A copy of the rows with column {@code feature} shuffled (Fisher–Yates); other columns share nothing mutable. */
    private static double[][] permuteColumn(double[][] rows, int feature, SplittableRandom rnd) {
        int n = rows.length;
        double[] column = new double[n];
        for (int i = 0; i < n; i++) {
            column[i] = rows[i][feature];
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            double t = column[i];
            column[i] = column[j];
            column[j] = t;
        }
        double[][] out = new double[n][];
        for (int i = 0; i < n; i++) {
            out[i] = rows[i].clone();
            out[i][feature] = column[i];
        }
        return out;
    }

    private static long mix(long seed, int feature, int repeat) {
        long z = seed * 0x9E3779B97F4A7C15L + feature * 0xBF58476D1CE4E5B9L + repeat * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    /** Sample standard deviation; 0 for a single repeat. */
    private static double std(double[] v) {
        if (v.length < 2) {
            return 0;
        }
        double mu = mean(v);
        double s = 0;
        for (double x : v) {
            s += (x - mu) * (x - mu);
        }
        return Math.sqrt(s / (v.length - 1));
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger counter = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "permutation-importance-" + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
