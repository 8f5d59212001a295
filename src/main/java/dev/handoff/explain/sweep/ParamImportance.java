package dev.handoff.explain.sweep;

import dev.handoff.explain.Cancellation;
import dev.handoff.explain.FeatureImportance;
import dev.handoff.explain.FeatureTable;
import dev.handoff.explain.PermutationImportance;
import dev.handoff.explain.ProgressListener;
import dev.handoff.explain.RegressionMetric;
import dev.handoff.runs.Metric;
import dev.handoff.runs.Run;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.ensemble.AveragingCombiner;
import org.tribuo.regression.rtree.CARTRegressionTrainer;
import org.tribuo.regression.rtree.impurity.MeanSquaredError;
import org.tribuo.common.tree.RandomForestTrainer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which parameters of a sweep matter for a metric, as W&amp;B's parameter importance panel shows it: a random forest
 * regressor (Tribuo, {@value #TREES} CART trees, fixed seed) is fit on the runs' params → the metric's final value,
 * and each param's importance is its permutation importance on those runs (mean R² drop over {@value #REPEATS}
 * seeded shuffles of its column, {@link PermutationImportance}); beside it, the Pearson (linear) correlation of the
 * param with the metric, as W&amp;B reports it.
 *
 * <p>Encoding, one column per param (so shuffling the column shuffles the param): a param whose values are numbers
 * is numeric; runs that lack it get a value one range below its smallest, which a tree separates with one split, and
 * its correlation is over the runs that have it. Any other param (text) is ordinal-coded: its distinct values,
 * missing ("") included, sorted as text and numbered 0, 1, 2…, which trees split into groups. A categorical param's
 * correlation is not a number (NaN): the sign of a correlation with arbitrary codes means nothing. Only
 * params that vary across the runs are scored; runs without the metric are left out. The sweep is small (its runs
 * are the data), so the importance is measured on the runs the forest was fit on: it ranks params, it is not a
 * held-out estimate.
 */
public final class ParamImportance {
    /** Fewer runs than this cannot rank anything. */
    public static final int MIN_RUNS = 3;
    static final int TREES = 100;
    static final int REPEATS = 10;
    static final long SEED = 20240917L;

    /**
     * @param param       the param's key
     * @param importance  mean R² drop when the param is shuffled (0: the forest does not use it)
     * @param std         its standard deviation over the shuffles
     * @param correlation Pearson correlation with the metric; NaN for a categorical param
     * @param categorical whether the param is ordinal-coded text
     */
    public record Entry(String param, double importance, double std, double correlation, boolean categorical) {
    }

    /**
     * @param metric  the metric explained
     * @param runs    how many runs had it
     * @param entries most important first
     * @param fit     R² of the forest on those runs (how much of the metric the params explain)
     */
    public record Result(String metric, int runs, List<Entry> entries, double fit) {
        public Result {
            entries = List.copyOf(entries);
        }

        public Entry entry(String param) {
            return entries.stream().filter(e -> e.param().equals(param)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no param '" + param + "' in " + entries));
        }
    }

    /** Tribuo's bagging logs one INFO line per tree (100 per computation): kept quiet, warnings still show. */
    private static final java.util.logging.Logger BAGGING_LOG =
            java.util.logging.Logger.getLogger(org.tribuo.ensemble.BaggingTrainer.class.getName());

    static {
        BAGGING_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    private ParamImportance() {
    }

    /** Computes without progress or cancellation. */
    public static Result compute(List<Run> runs, String metric) {
        return compute(runs, metric, ProgressListener.NONE, Cancellation.NONE);
    }

    /**
     * @throws IllegalArgumentException with a message for the user when fewer than {@value #MIN_RUNS} runs have the
     *                                  metric or no param varies across them
     * @throws java.util.concurrent.CancellationException if cancelled
     */
    public static Result compute(List<Run> runs, String metric, ProgressListener progress, Cancellation cancellation) {
        List<Run> with = runs.stream().filter(r -> finite(r.latestMetrics().get(metric))).toList();
        if (with.size() < MIN_RUNS) {
            throw new IllegalArgumentException("Parameter importance needs at least " + MIN_RUNS + " runs with metric '"
                    + metric + "'; " + with.size() + " of the " + runs.size() + " run(s) have it");
        }
        double[] y = with.stream().mapToDouble(r -> r.latestMetrics().get(metric).value()).toArray();
        List<Column> columns = columns(with);
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("No parameter varies across the " + with.size() + " runs with metric '"
                    + metric + "': nothing to rank");
        }
        if (constant(y)) {
            throw new IllegalArgumentException("Metric '" + metric + "' has the same value in all " + with.size()
                    + " runs: no parameter explains it");
        }
        cancellation.check();
        List<String> names = columns.stream().map(Column::param).toList();
        double[][] rows = new double[with.size()][columns.size()];
        List<String> labels = new ArrayList<>();
        MutableDataset<Regressor> data = new MutableDataset<>(
                new SimpleDataSourceProvenance("sweep runs → " + metric, new RegressionFactory()), new RegressionFactory());
        List<double[]> coded = columns.stream().map(Column::values).toList();
        for (int r = 0; r < with.size(); r++) {
            ArrayExample<Regressor> ex = new ArrayExample<>(new Regressor(metric, y[r]));
            for (int c = 0; c < columns.size(); c++) {
                rows[r][c] = coded.get(c)[r];
                ex.add(names.get(c), rows[r][c]);
            }
            data.add(ex);
            labels.add(Double.toString(y[r]));
        }
        progress.progress(0, (long) columns.size() * REPEATS, "Fitting a random forest on " + with.size() + " runs");
        Model<Regressor> forest = forest().train(data);
        cancellation.check();
        FeatureTable table = new FeatureTable(names, rows, labels);
        FeatureImportance fi = new PermutationImportance(RegressionMetric.r2(), REPEATS, SEED, 1)
                .computeRegression(forest, metric, table, progress, cancellation);
        List<Entry> entries = new ArrayList<>();
        for (Column c : columns) {
            FeatureImportance.Entry e = fi.entry(c.param());
            entries.add(new Entry(c.param(), e.value(), e.std(), c.correlation(y), c.categorical()));
        }
        entries.sort(Comparator.comparingDouble((Entry e) -> -e.importance()).thenComparing(Entry::param));
        return new Result(metric, with.size(), entries, Double.parseDouble(fi.parameters().get("baseline")));
    }

    /** Bagged CART regression trees, each split choosing among a random 2/3 of the params. */
    private static RandomForestTrainer<Regressor> forest() {
        CARTRegressionTrainer tree = new CARTRegressionTrainer(Integer.MAX_VALUE, 1f, 0f, 0.67f, false,
                new MeanSquaredError(), SEED);
        return new RandomForestTrainer<>(tree, new AveragingCombiner(), TREES, SEED);
    }

    /** One param's values, one per run: numbers (NaN where missing) or ordinal codes. */
    private record Column(String param, double[] raw, boolean categorical) {
        /** The column the forest sees: a missing number one range below the smallest present. */
        double[] values() {
            double min = java.util.Arrays.stream(raw).filter(Double::isFinite).min().orElse(0);
            double max = java.util.Arrays.stream(raw).filter(Double::isFinite).max().orElse(0);
            double missing = min - Math.max(max - min, 1);
            return java.util.Arrays.stream(raw).map(v -> Double.isFinite(v) ? v : missing).toArray();
        }

        /** Pearson's r with {@code y} over the runs that have the param (NaN: categorical, or fewer than 3). */
        double correlation(double[] y) {
            if (categorical) {
                return Double.NaN;
            }
            int[] present = java.util.stream.IntStream.range(0, raw.length).filter(i -> Double.isFinite(raw[i])).toArray();
            if (present.length < MIN_RUNS) {
                return Double.NaN;
            }
            return pearson(java.util.Arrays.stream(present).mapToDouble(i -> raw[i]).toArray(),
                    java.util.Arrays.stream(present).mapToDouble(i -> y[i]).toArray());
        }
    }

    private static List<Column> columns(List<Run> runs) {
        Set<String> keys = new TreeSet<>();
        runs.forEach(r -> keys.addAll(r.params().keySet()));
        List<Column> out = new ArrayList<>();
        for (String k : keys) {
            List<String> raw = runs.stream().map(r -> r.params().getOrDefault(k, "")).toList();
            if (new TreeSet<>(raw).size() < 2) {
                continue; // the same in every run: explains nothing
            }
            double[] numbers = raw.stream().mapToDouble(ParamImportance::number).toArray();
            boolean numeric = java.util.stream.IntStream.range(0, raw.size())
                    .allMatch(i -> raw.get(i).isEmpty() || Double.isFinite(numbers[i]));
            if (numeric) {
                out.add(new Column(k, numbers, false));
            } else {
                Map<String, Integer> codes = new TreeMap<>();
                new TreeSet<>(raw).forEach(v -> codes.put(v, codes.size()));
                out.add(new Column(k, raw.stream().mapToDouble(codes::get).toArray(), true));
            }
        }
        return out;
    }

    /** Pearson's r; NaN when either side is constant. */
    static double pearson(double[] x, double[] y) {
        int n = x.length;
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= n;
        my /= n;
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxx == 0 || syy == 0 ? Double.NaN : sxy / Math.sqrt(sxx * syy);
    }

    private static boolean finite(Metric m) {
        return m != null && Double.isFinite(m.value());
    }

    private static boolean constant(double[] y) {
        for (double v : y) {
            if (v != y[0]) {
                return false;
            }
        }
        return true;
    }

    private static double number(String s) {
        try {
            return s.isBlank() ? Double.NaN : Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
