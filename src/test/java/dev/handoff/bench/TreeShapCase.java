package dev.handoff.bench;

import dev.handoff.explain.FeatureTable;
import dev.handoff.explain.TreeEnsemble;
import dev.handoff.explain.TreeShap;
import dev.handoff.explain.TribuoTrees;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.xgboost.XGBoostClassificationTrainer;
import org.tribuo.common.xgboost.XGBoostModel;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * TreeSHAP over a Tribuo XGBoost classifier: our {@link TreeShap} against xgboost4j's native
 * {@code Booster.predictContrib} on the same booster, in the same JVM, for every training row.
 */
final class TreeShapCase implements BenchCase {
    private static final double MAX_DIFF = 1e-5;
    private static final double GOAL_RATIO = 1.5;
    private static final String POSITIVE = "pos";
    /** Key of {@link BenchResult#figures()}: the largest |ours − native| SHAP value. */
    static final String MAX_ABS_DIFF = "maxAbsDiff";

    @Override
    public String name() {
        return "treeshap";
    }

    @Override
    public String goal() {
        return "≤ 1.5× native time, max |Δ| ≤ 1e-5";
    }

    @Override
    public BenchResult run(Scale scale, Path work, Consumer<String> log) throws Exception {
        int trees = scale.full() ? 500 : 20;
        int depth = scale.full() ? 6 : 3;
        int rows = scale.full() ? 10_000 : 500;
        int features = scale.full() ? 50 : 10;
        int threads = Runtime.getRuntime().availableProcessors();

        List<String> names = new ArrayList<>();
        for (int f = 0; f < features; f++) {
            names.add(String.format(Locale.ROOT, "f%03d", f));
        }
        double[][] data = syntheticRows(rows, features);
        MutableDataset<Label> dataset = new MutableDataset<>(
                new SimpleDataSourceProvenance("handoff-bench synthetic", new LabelFactory()), new LabelFactory());
        String[] nameArray = names.toArray(String[]::new);
        for (double[] row : data) {
            dataset.add(new ArrayExample<>(new Label(label(row)), nameArray, row));
        }
        log.accept("training XGBoost: " + trees + " trees, depth " + depth + ", " + rows + " rows × " + features
                + " features");
        long trainStart = System.nanoTime();
        XGBoostClassificationTrainer trainer = new XGBoostClassificationTrainer(trees, 0.3, 0, depth, 1, 1, 1, 1, 0,
                threads, true, 1L);
        @SuppressWarnings("unchecked")
        XGBoostModel<Label> model = (XGBoostModel<Label>) (Model<Label>) trainer.train(dataset);
        double trainMillis = (System.nanoTime() - trainStart) / 1e6;

        TreeEnsemble ensemble = TribuoTrees.of(model, POSITIVE, FeatureTable.of(names, data));
        TreeShap shap = new TreeShap(ensemble);
        List<String> order = ensemble.featureNames();
        double[][] x = new double[rows][];
        float[] dense = new float[rows * features];
        for (int r = 0; r < rows; r++) {
            x[r] = new double[features];
            for (int f = 0; f < features; f++) {
                double v = data[r][names.indexOf(order.get(f))];
                x[r][f] = v;
                dense[r * features + f] = (float) v;
            }
        }
        Booster booster = model.getInnerModels().get(0);
        DMatrix matrix = new DMatrix(dense, rows, features, Float.NaN);
        try {
            log.accept("warm-up");
            computeOurs(shap, x, threads, Math.min(rows, 200));
            booster.predictContrib(matrix, 0);

            log.accept("timing ours (" + threads + " threads)");
            long start = System.nanoTime();
            double[][] ours = computeOurs(shap, x, threads, rows);
            double oursMillis = (System.nanoTime() - start) / 1e6;
            log.accept("timing native predictContrib");
            start = System.nanoTime();
            float[][] contrib = booster.predictContrib(matrix, 0);
            double nativeMillis = (System.nanoTime() - start) / 1e6;

            int width = features + 1;
            int groups = contrib[0].length / width;
            int group = groups == 1 ? 0 : model.getOutputIDInfo().getID(new Label(POSITIVE));
            double maxDiff = 0;
            double maxBiasDiff = 0;
            double maxAbs = 0;
            for (int r = 0; r < rows; r++) {
                for (int f = 0; f < features; f++) {
                    double nat = contrib[r][group * width + f];
                    maxDiff = Math.max(maxDiff, Math.abs(ours[r][f] - nat));
                    maxAbs = Math.max(maxAbs, Math.abs(nat));
                }
                maxBiasDiff = Math.max(maxBiasDiff,
                        Math.abs(shap.expectedValue() - contrib[r][group * width + features]));
            }
            double ratio = oursMillis / nativeMillis;
            List<String> details = List.of(
                    String.format(Locale.ROOT, "Tribuo XGBoostClassificationTrainer: %d trees, max depth %d, %,d rows"
                            + " × %d features of synthetic data (binary labels), trained in %s", trees, depth, rows,
                            features, BenchResult.millis(trainMillis)),
                    "ours: TreeShap (path-dependent, Alg. 2) over TribuoTrees.of(model, \"pos\", …), all rows, "
                            + threads + " threads (TreeShap is immutable and thread-safe): "
                            + BenchResult.millis(oursMillis),
                    "reference: xgboost4j Booster.predictContrib(DMatrix, 0) on the model's booster, same JVM,"
                            + " XGBoost's own threads (nthread " + threads + "): " + BenchResult.millis(nativeMillis),
                    String.format(Locale.ROOT, "max |Δφ| over all rows and features: %.3g (largest |φ| %.3g);"
                            + " max |Δ base value|: %.3g", maxDiff, maxAbs, maxBiasDiff));
            boolean met = ratio <= GOAL_RATIO && maxDiff <= MAX_DIFF;
            return new BenchResult(name(), oursMillis, nativeMillis, ratio, "ours / native", goal(), met, details,
                    null, java.util.Map.of(MAX_ABS_DIFF, maxDiff));
        } finally {
            matrix.dispose();
        }
    }

    /** The SHAP values of the first {@code count} rows, the rows split across a pool of {@code threads}. */
    private static double[][] computeOurs(TreeShap shap, double[][] x, int threads, int count) throws Exception {
        double[][] out = new double[count][];
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            int chunk = Math.max(1, count / (threads * 8));
            for (int from = 0; from < count; from += chunk) {
                int start = from;
                int end = Math.min(count, from + chunk);
                futures.add(pool.submit(() -> {
                    for (int r = start; r < end; r++) {
                        out[r] = shap.shapValues(x[r]);
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Gaussian features (never exactly 0, so Tribuo keeps every value), rounded to float like XGBoost reads them. */
    private static double[][] syntheticRows(int rows, int features) {
        SplittableRandom rnd = new SplittableRandom(11);
        double[][] data = new double[rows][features];
        for (double[] row : data) {
            for (int f = 0; f < features; f++) {
                double v;
                do {
                    v = (float) gaussian(rnd);
                } while (v == 0);
                row[f] = v;
            }
        }
        return data;
    }

    private static double gaussian(SplittableRandom rnd) {
        double u = 1 - rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd.nextDouble());
    }

    /** A non-linear rule with interactions, so the trees use many features. */
    private static String label(double[] row) {
        double score = 0;
        for (int f = 0; f < row.length; f++) {
            score += (f % 3 == 0 ? 1 : -0.5) * row[f] + (f + 1 < row.length ? 0.3 * row[f] * row[f + 1] : 0);
        }
        return score > 0 ? POSITIVE : "neg";
    }
}
