package dev.handoff.explain;

import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.common.tree.TreeModel;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.rtree.CARTRegressionTrainer;
import org.tribuo.regression.sgd.linear.LinearSGDTrainer;
import org.tribuo.regression.sgd.objectives.SquaredLoss;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Regressors: explained on their predicted value, y = 3·x0 − 2·x1 + 0.5·x2 + noise (x3, x4 unused). */
class RegressionExplainTest {

    private static final List<String> FEATURES = List.of("x0", "x1", "x2", "x3", "x4");
    private static final MutableDataset<Regressor> TRAIN = dataset(61, 500, false);
    private static final MutableDataset<Regressor> TEST = dataset(62, 200, false);
    private static final TreeModel<Regressor> CART = new CARTRegressionTrainer(5).train(TRAIN);
    private static final Model<Regressor> LINEAR =
            new LinearSGDTrainer(new SquaredLoss(), new AdaGrad(0.1, 0.1), 20, 100_000, 1L).train(TRAIN);
    private static final FeatureTable TRAIN_TABLE = table(TRAIN);
    private static final FeatureTable TEST_TABLE = table(TEST);
    private static final Explainers.Options OPTIONS = new Explainers.Options(10, 0, 1000, 3L);

    /** Rows of the synthetic regression; {@code twoOutputs} adds a second dimension "z" = x3 (named "y" and "z"). */
    static MutableDataset<Regressor> dataset(long seed, int rows, boolean twoOutputs) {
        RegressionFactory factory = new RegressionFactory();
        MutableDataset<Regressor> ds = new MutableDataset<>(new SimpleDataSourceProvenance("synthetic-regression",
                factory), factory);
        Random rnd = new Random(seed);
        for (int r = 0; r < rows; r++) {
            double[] x = new double[FEATURES.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = rnd.nextGaussian();
            }
            double y = 3 * x[0] - 2 * x[1] + 0.5 * x[2] + 0.1 * rnd.nextGaussian();
            Regressor out = twoOutputs ? new Regressor(new String[] {"y", "z"}, new double[] {y, x[3]})
                    : new Regressor("y", y);
            ds.add(new ArrayExample<>(out, FEATURES.toArray(String[]::new), x));
        }
        return ds;
    }

    /** The dataset's features with the true value of "y" as the (string) label. */
    static FeatureTable table(MutableDataset<Regressor> ds) {
        List<double[]> rows = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (var ex : ds) {
            double[] row = new double[FEATURES.size()];
            ex.forEach(f -> row[FEATURES.indexOf(f.getName())] = f.getValue());
            rows.add(row);
            labels.add(Double.toString(ex.getOutput().getDimension("y").orElseThrow().getValue()));
        }
        return new FeatureTable(FEATURES, rows.toArray(double[][]::new), labels);
    }

    private static double predicted(Model<Regressor> model, double[] row) {
        return TribuoFunctions.regression(model, "y").apply(row);
    }

    @Test
    void supportedMethodsAndAutoPickTheExactOne() {
        assertEquals(List.of(ExplanationMethod.TREE_SHAP, ExplanationMethod.KERNEL_SHAP), Explainers.supported(CART));
        assertEquals(List.of(ExplanationMethod.LINEAR_SHAP, ExplanationMethod.KERNEL_SHAP),
                Explainers.supported(LINEAR));
        ExplanationService.Request auto = new ExplanationService.Request(ExplanationService.Kind.AUTO, null,
                List.of(0, 1, 2), OPTIONS, 3);
        ExplanationReport tree = ExplanationService.run(CART, TEST_TABLE, auto, ProgressListener.NONE,
                Cancellation.NONE);
        assertEquals("TREE_SHAP", tree.method());
        assertEquals("y", tree.explainedOutput());
        assertEquals("predicted value", tree.outputSpace());
        assertEquals(Double.parseDouble(tree.rows().get(1).predicted()), predicted(CART, TEST_TABLE.row(1)), 0.0);
        assertEquals(TEST_TABLE.labels().get(1), tree.rows().get(1).actual());
        assertEquals("LINEAR_SHAP", ExplanationService.run(LINEAR, TEST_TABLE, auto, ProgressListener.NONE,
                Cancellation.NONE).method());
    }

    @Test
    void treeShapOfARegressionTreeIsAdditiveAndMatchesEnumeration() {
        LocalExplainer shap = Explainers.createForRegressor(ExplanationMethod.TREE_SHAP, CART, null, TRAIN_TABLE,
                OPTIONS);
        TreeEnsemble ensemble = TribuoTrees.regressionCart(CART, "y", TRAIN_TABLE);
        for (int r = 0; r < 20; r++) {
            double[] x = TEST_TABLE.row(r);
            Attribution a = shap.explain(x);
            assertEquals(predicted(CART, x), a.modelOutput(), 1e-9, "tree output = Tribuo's prediction");
            assertEquals(a.modelOutput(), a.baseValue() + a.sum(), 1e-6, "base + sum = prediction");
            assertArrayEquals(BruteForceShapley.pathDependent(ensemble, x), a.values(), 1e-9);
        }
        Attribution a = shap.explain(TEST_TABLE.row(0));
        double mean = 0;
        for (var ex : TRAIN) {
            mean += ex.getOutput().getDimension("y").orElseThrow().getValue();
        }
        assertEquals(mean / TRAIN.size(), a.baseValue(), 1e-6, "base value = training mean (covers from training)");
    }

    @Test
    void linearShapOfALinearRegressorIsAdditiveAndFindsTheCoefficients() {
        LocalExplainer shap = Explainers.createForRegressor(ExplanationMethod.LINEAR_SHAP, LINEAR, "y", TRAIN_TABLE,
                OPTIONS);
        for (int r = 0; r < 20; r++) {
            double[] x = TEST_TABLE.row(r);
            Attribution a = shap.explain(x);
            assertEquals(predicted(LINEAR, x), a.modelOutput(), 1e-9, "linear score = Tribuo's prediction");
            assertEquals(a.modelOutput(), a.baseValue() + a.sum(), 1e-6);
        }
        // φ_0 / (x0 − E[x0]) is the fitted coefficient of x0, close to the true 3
        double[] x = TEST_TABLE.row(0).clone();
        double[] y = x.clone();
        y[0] += 1;
        double slope = shap.explain(y).value(0) - shap.explain(x).value(0);
        assertEquals(3.0, slope, 0.2);
    }

    @Test
    void kernelShapAgreesWithTheExactMethods() {
        // Linear model: interventional Shapley values against the background equal linear SHAP's exactly.
        LocalExplainer linear = Explainers.createForRegressor(ExplanationMethod.LINEAR_SHAP, LINEAR, null,
                TRAIN_TABLE, OPTIONS);
        LocalExplainer kernelLinear = Explainers.createForRegressor(ExplanationMethod.KERNEL_SHAP, LINEAR, null,
                TRAIN_TABLE, OPTIONS);
        // Tree: against the interventional Shapley values computed by enumeration over the same background.
        LocalExplainer kernelTree = Explainers.createForRegressor(ExplanationMethod.KERNEL_SHAP, CART, null,
                TRAIN_TABLE, OPTIONS);
        Background background = Background.kMeans(TRAIN_TABLE, OPTIONS.backgroundClusters(), OPTIONS.seed());
        ModelFunction f = TribuoFunctions.regression(CART, "y");
        for (int r = 0; r < 5; r++) {
            double[] x = TEST_TABLE.row(r);
            Attribution k = kernelLinear.explain(x);
            Attribution l = linear.explain(x);
            assertArrayEquals(l.values(), k.values(), 1e-3, "KernelSHAP ≈ linear SHAP, row " + r);
            assertEquals(l.baseValue(), k.baseValue(), 1e-6);
            assertEquals("predicted value", k.outputSpace());

            Attribution kt = kernelTree.explain(x);
            double[] exact = BruteForceShapley.shapley(x.length, mask -> {
                double v = 0;
                double[][] bg = background.rowsView();
                for (int b = 0; b < bg.length; b++) {
                    double[] z = bg[b].clone();
                    for (int i = 0; i < x.length; i++) {
                        if ((mask & (1 << i)) != 0) {
                            z[i] = x[i];
                        }
                    }
                    v += background.weight(b) * f.apply(z);
                }
                return v;
            });
            assertArrayEquals(exact, kt.values(), 0.05, "KernelSHAP ≈ interventional Shapley, row " + r);
            assertEquals(kt.modelOutput(), kt.baseValue() + kt.sum(), 1e-6);
        }
    }

    @Test
    void permutationImportanceRanksTheDrivingFeatureFirst() {
        FeatureImportance rmse = new PermutationImportance(RegressionMetric.rmse(), 3, 5, 2)
                .computeRegression(LINEAR, null, TEST_TABLE);
        assertEquals("x0", rmse.ranking().get(0), rmse.toString());
        assertEquals("x1", rmse.ranking().get(1), rmse.toString());
        assertTrue(rmse.entry("x0").value() > 2, "shuffling x0 raises RMSE a lot: " + rmse);
        assertTrue(Math.abs(rmse.entry("x4").value()) < 0.05, rmse.toString());
        assertTrue(rmse.kind().contains("RMSE increase"), rmse.kind());
        assertTrue(Double.parseDouble(rmse.parameters().get("baseline")) < 0.3, "good fit: " + rmse.parameters());

        FeatureImportance r2 = new PermutationImportance(RegressionMetric.r2(), 3, 5, 2)
                .computeRegression(CART, "y", TEST_TABLE);
        assertEquals("x0", r2.ranking().get(0), r2.toString());
        assertTrue(r2.kind().contains("R² drop"), r2.kind());
        assertTrue(r2.entry("x0").value() > 0.5, r2.toString());

        ExplanationReport service = ExplanationService.run(CART, TEST_TABLE, new ExplanationService.Request(
                ExplanationService.Kind.PERMUTATION, null, List.of(), OPTIONS, 2), ProgressListener.NONE,
                Cancellation.NONE);
        assertEquals("x0", service.globalImportance().get(0).ranking().get(0));
        assertEquals("RMSE increase", service.outputSpace());
    }

    @Test
    void badInputGivesClearErrors() {
        var lime = assertThrows(IllegalArgumentException.class, () -> Explainers.createForRegressor(
                ExplanationMethod.LIME, CART, null, TRAIN_TABLE, OPTIONS));
        assertTrue(lime.getMessage().contains("LIME") && lime.getMessage().contains("classifiers"),
                lime.getMessage());
        var linearOnTree = assertThrows(IllegalArgumentException.class, () -> Explainers.createForRegressor(
                ExplanationMethod.LINEAR_SHAP, CART, null, TRAIN_TABLE, OPTIONS));
        assertTrue(linearOnTree.getMessage().contains("LinearSGDModel"), linearOnTree.getMessage());
        var unknown = assertThrows(IllegalArgumentException.class, () -> Explainers.createForRegressor(
                ExplanationMethod.KERNEL_SHAP, CART, "price", TRAIN_TABLE, OPTIONS));
        assertTrue(unknown.getMessage().contains("'price'") && unknown.getMessage().contains("[y]"),
                unknown.getMessage());

        FeatureTable unlabelled = FeatureTable.of(FEATURES, TEST_TABLE.rows());
        var noLabels = assertThrows(IllegalArgumentException.class, () -> ExplanationService.run(CART, unlabelled,
                new ExplanationService.Request(ExplanationService.Kind.PERMUTATION, null, List.of(), OPTIONS, 1),
                ProgressListener.NONE, Cancellation.NONE));
        assertTrue(noLabels.getMessage().contains("label column"), noLabels.getMessage());
        List<String> labels = new ArrayList<>(TEST_TABLE.labels());
        labels.set(7, "n/a");
        FeatureTable textLabel = new FeatureTable(FEATURES, TEST_TABLE.rows(), labels);
        var notNumeric = assertThrows(IllegalArgumentException.class, () -> new PermutationImportance(
                RegressionMetric.rmse(), 1, 1, 1).computeRegression(CART, null, textLabel));
        assertTrue(notNumeric.getMessage().contains("Row 7") && notNumeric.getMessage().contains("'n/a'"),
                notNumeric.getMessage());
        var wrongKind = assertThrows(IllegalArgumentException.class, () -> new PermutationImportance(
                ClassificationMetric.accuracy(), 1, 1, 1).computeRegression(CART, null, TEST_TABLE));
        assertTrue(wrongKind.getMessage().contains("RegressionMetric"), wrongKind.getMessage());
    }

    @Test
    void multiDimensionalRegressorsNeedANamedDimension() {
        MutableDataset<Regressor> two = dataset(63, 300, true);
        TreeModel<Regressor> model = new CARTRegressionTrainer(4).train(two);
        var ambiguous = assertThrows(IllegalArgumentException.class, () -> Explainers.createForRegressor(
                ExplanationMethod.TREE_SHAP, model, null, TRAIN_TABLE, OPTIONS));
        assertTrue(ambiguous.getMessage().contains("2 dimensions [y, z]"), ambiguous.getMessage());
        LocalExplainer z = Explainers.createForRegressor(ExplanationMethod.TREE_SHAP, model, "z", TRAIN_TABLE,
                OPTIONS);
        double[] x = TEST_TABLE.row(3);
        Attribution a = z.explain(x);
        assertEquals(TribuoFunctions.regression(model, "z").apply(x), a.modelOutput(), 1e-9);
        assertEquals(a.modelOutput(), a.baseValue() + a.sum(), 1e-6);
        assertEquals("x3", FEATURES.get(a.rankByMagnitude()[0]), "z = x3 is driven by x3: " + a);
        assertEquals("z", a.explainedOutput());
    }
}
