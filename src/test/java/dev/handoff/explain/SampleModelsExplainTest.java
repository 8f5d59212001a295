package dev.handoff.explain;

import dev.handoff.bundle.model.ModelArtifact;
import dev.handoff.bundle.RunBundleExport;
import dev.handoff.runs.Experiment;
import dev.handoff.runs.Run;
import dev.handoff.runs.RunQuery;
import dev.handoff.runs.ViewType;
import dev.handoff.runs.source.file.FileStoreSource;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.common.tree.TreeModel;
import org.tribuo.common.xgboost.XGBoostModel;
import org.tribuo.transform.TransformedModel;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The explainers on the bundled sample project's own models and held-out data: TreeSHAP equals XGBoost's native
 * TreeSHAP and brute-force Shapley values, and permutation importance finds the features the data's ground truth
 * makes drive default (debt_ratio, late_payments, income — see sample-projects/credit-risk/README.md).
 */
class SampleModelsExplainTest {
    static final Path PROJECT = Path.of(System.getProperty("handoff.repo", ".")).resolve("sample-projects/credit-risk");
    static final Set<String> DRIVERS = Set.of("debt_ratio", "late_payments", "income");
    static Map<String, Model<Label>> models = new HashMap<>();

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void loadSampleModels() throws Exception {
        try (FileStoreSource src = new FileStoreSource(PROJECT.resolve("mlruns"))) {
            List<String> ids = src.listExperiments(ViewType.ACTIVE_ONLY).experiments().stream().map(Experiment::id).toList();
            for (Run r : src.searchAllRuns(RunQuery.of(ids)).runs()) {
                if (r.displayName().startsWith("xgb-eta") || r.displayName().startsWith("cart-depth")
                        || r.displayName().startsWith("logreg")) {
                    models.put(r.displayName(), (Model<Label>) ModelArtifact.fromRun(src, r.id(), "model/model.tribuo", null).model());
                }
            }
        }
        assertTrue(models.size() >= 9, "sample models: " + models.keySet());
    }

    /** The cart-depth4 run's model file. */
    static Path cartFile() throws Exception {
        try (var files = java.nio.file.Files.walk(PROJECT.resolve("mlruns"))) {
            for (Path meta : files.filter(f -> f.getFileName().toString().equals("mlflow.runName")).toList()) {
                if (java.nio.file.Files.readString(meta).strip().equals("cart-depth4")) {
                    return meta.getParent().getParent().resolve("artifacts/model/model.tribuo");
                }
            }
        }
        throw new AssertionError("no cart-depth4 run");
    }

    static FeatureTable heldOut(Model<Label> model) throws Exception {
        List<String> features = FeatureTable.modelFeatures(model);
        return FeatureTable.fromCsv(PROJECT.resolve("data/test.csv"), "default", features).alignTo(features);
    }

    @Test
    void xgboostTreeShapMatchesNativeTreeShapOnTheSampleModels() throws Exception {
        for (String name : List.of("xgb-eta0.1-d3", "xgb-eta0.3-d2")) {
            XGBoostModel<Label> model = (XGBoostModel<Label>) models.get(name);
            FeatureTable table = heldOut(model);
            int n = Math.min(200, table.numRows());
            int m = table.numFeatures();
            float[] dense = new float[n * m];
            for (int r = 0; r < n; r++) {
                for (int c = 0; c < m; c++) {
                    dense[r * m + c] = (float) table.row(r)[c];
                }
            }
            Booster booster = model.getInnerModels().get(0);
            DMatrix matrix = new DMatrix(dense, n, m, Float.NaN);
            try {
                float[][] contrib = booster.predictContrib(matrix, 0);
                int group = model.getOutputIDInfo().getID(new Label("yes"));
                TreeShap shap = new TreeShap(TribuoTrees.xgboost(model, "yes"));
                double maxDiff = 0;
                for (int r = 0; r < n; r++) {
                    Attribution a = shap.explain(table.row(r), "yes");
                    for (int c = 0; c < m; c++) {
                        maxDiff = Math.max(maxDiff, Math.abs(contrib[r][group * (m + 1) + c] - a.value(c)));
                    }
                    maxDiff = Math.max(maxDiff, Math.abs(contrib[r][group * (m + 1) + m] - a.baseValue()));
                    assertTrue(a.additivityResidual() <= 1e-6, name + " row " + r + ": " + a.additivityResidual());
                }
                assertTrue(maxDiff <= 1e-5, name + ": max |ours - native| = " + maxDiff);
            } finally {
                matrix.dispose();
            }
        }
    }

    @Test
    void treeShapEqualsBruteForceShapleyOnTheSampleTrees() throws Exception {
        XGBoostModel<Label> xgb = (XGBoostModel<Label>) models.get("xgb-eta0.3-d2");
        TreeEnsemble boosted = TribuoTrees.xgboost(xgb, "yes");
        TreeModel<Label> cart = (TreeModel<Label>) models.get("cart-depth4");
        FeatureTable cartData = heldOut(cart);
        TreeEnsemble tree = TribuoTrees.cart(cart, "yes", cartData);
        for (TreeEnsemble ensemble : List.of(boosted, tree)) {
            TreeShap shap = new TreeShap(ensemble);
            for (int r = 0; r < 8; r++) {
                double[] x = cartData.row(r);
                double[] exact = BruteForceShapley.pathDependent(ensemble, x);
                double[] phi = shap.shapValues(x);
                for (int i = 0; i < exact.length; i++) {
                    assertEquals(exact[i], phi[i], 1e-9, "row " + r + " feature " + i);
                }
            }
        }
    }

    @Test
    void sampleLogisticRegressionsGetExactLinearShapThatAgreesWithKernelShap() throws Exception {
        List<String> logregs = models.keySet().stream().filter(n -> n.startsWith("logreg")).sorted().toList();
        assertFalse(logregs.isEmpty(), "sample logreg models: " + models.keySet());
        for (String name : logregs) {
            Model<Label> model = models.get(name);
            assertInstanceOf(TransformedModel.class, model, name + " is trained by a TransformTrainer");
            assertEquals(ExplanationMethod.LINEAR_SHAP, Explainers.supported(model).get(0), name);
            FeatureTable table = heldOut(model);
            LocalExplainer auto = Explainers.best(model, "yes", table, Explainers.Options.DEFAULTS);
            assertEquals(ExplanationMethod.LINEAR_SHAP, auto.method(), name);
            Background background = Background.kMeans(table, 20, Explainers.Options.DEFAULTS.seed());
            LinearShap yes = LinearShap.of(model, "yes", background);
            LinearShap no = LinearShap.of(model, "no", background);
            // The model's own log-odds log(p_yes / p_no) = z_yes - z_no, from Tribuo's probabilities only.
            ModelFunction pYes = TribuoFunctions.probability(model, "yes");
            ModelFunction pNo = TribuoFunctions.probability(model, "no");
            ModelFunction logOdds = rows -> {
                double[] a = pYes.apply(rows);
                double[] b = pNo.apply(rows);
                double[] out = new double[rows.length];
                for (int r = 0; r < rows.length; r++) {
                    out[r] = Math.log(a[r] / b[r]);
                }
                return out;
            };
            KernelShap kernel = new KernelShap(logOdds, background, 120, 11);
            for (int r = 0; r < 40; r++) {
                double[] x = table.row(r);
                Attribution a = auto.explain(x);
                assertEquals(LinearShap.LOG_ODDS, a.outputSpace(), name + ": a two-class logistic model is explained in log-odds");
                assertTrue(a.additivityResidual() <= 1e-9, name + " row " + r + ": " + a.additivityResidual());
                double p = model.predict(TribuoFunctions.examples(table.featureNames(), new double[][] {x}).get(0))
                        .getOutputScores().get("yes").getScore();
                double out = a.modelOutput();
                assertEquals(p, ExplanationReport.sigmoid(out), 1e-9, name + " row " + r + ": σ(output) is Tribuo's p");
                assertEquals(Math.log(p / (1 - p)), a.baseValue() + a.sum(), 1e-6,
                        name + " row " + r + ": base + Σφ is the log-odds, not the softmax logit z_yes");
                assertEquals(-out, no.margin(x), 1e-9, "the other class's log-odds are the negative");
                if (r < 10) {
                    double[] y = yes.explain(x).values();
                    double[] n = no.explain(x).values();
                    Attribution k = kernel.explain(x, "yes vs no", "log-odds");
                    for (int i = 0; i < y.length; i++) {
                        assertEquals(-n[i], y[i], 1e-12);
                        assertEquals(y[i], k.value(i), 1e-4,
                                name + " row " + r + " feature " + table.featureNames().get(i));
                    }
                }
            }
            ExplanationReport report = ExplanationService.run(model, table, new ExplanationService.Request(
                    ExplanationService.Kind.AUTO, "yes", List.of(0, 1, 2), Explainers.Options.DEFAULTS, 1),
                    ProgressListener.NONE, Cancellation.NONE);
            assertEquals(LinearShap.LOG_ODDS, report.outputSpace());
            assertTrue(report.parameters().get("scale").startsWith("log-odds of 'yes' = z_yes - z_other"), report.parameters().toString());
            for (ExplanationReport.RowExplanation row : report.rows()) {
                assertEquals(ExplanationReport.sigmoid(row.baseValue()), row.baseProbability(), 1e-12);
                assertEquals(ExplanationReport.sigmoid(row.modelOutput()), row.outputProbability(), 1e-12);
                double p = model.predict(TribuoFunctions.examples(table.featureNames(),
                        new double[][] {table.row(row.row())}).get(0)).getOutputScores().get("yes").getScore();
                assertEquals(p, row.outputProbability(), 1e-9, "output probability is Tribuo's p(yes)");
            }
        }
    }

    @Test
    void cartTreeShapCoversAreTheTrainingDataSoARowsExplanationDoesNotDependOnTheExplainedFile() throws Exception {
        Model<Label> cart = models.get("cart-depth4");
        List<String> features = FeatureTable.modelFeatures(cart);
        FeatureTable test = heldOut(cart);
        FeatureTable head = test.head(40);
        // the run logs no train*.csv, but its model's provenance names data/train.csv by SHA-256
        var found = dev.handoff.bundle.model.TrainingData.find(null, null, cart, PROJECT).orElseThrow();
        assertTrue(found.source().contains("data/train.csv"), found.source());
        ReferenceData covers = dev.handoff.bundle.model.TrainingData.read(found, features);
        assertEquals(2400, covers.table().numRows());
        ExplanationService.Request request = new ExplanationService.Request(ExplanationService.Kind.TREE_SHAP, "yes",
                List.of(3), Explainers.Options.DEFAULTS, 1).withCovers(covers);
        ExplanationReport onTest = ExplanationService.run(cart, test, request, ProgressListener.NONE, Cancellation.NONE);
        ExplanationReport onHead = ExplanationService.run(cart, head, request, ProgressListener.NONE, Cancellation.NONE);
        assertEquals(onTest.rows().get(0).features(), onHead.rows().get(0).features(),
                "the same row, the same covers: the same attributions whichever file holds the row");
        assertEquals(onTest.rows().get(0).baseValue(), onHead.rows().get(0).baseValue(), 0.0);
        assertTrue(onTest.maxAdditivityResidual() <= 1e-9);
        Map<String, String> p = onTest.parameters();
        assertEquals(found.source(), p.get("covers"));
        assertEquals("2400", p.get("coversRows"));
        assertEquals(dev.handoff.bundle.io.Digests.sha256Hex(PROJECT.resolve("data/train.csv")), p.get("coversSha256"));
        // a sign-off of this explanation names the covers it was computed with
        ModelArtifact artifact = ModelArtifact.fromFile(cartFile());
        var subject = dev.handoff.bundle.review.ReviewSubject.of(artifact, "test.csv", "0".repeat(64), onTest);
        assertEquals(found.source(), subject.parameters().get("covers"));
        assertEquals("2400", subject.parameters().get("coversRows"));
        assertEquals(p.get("coversSha256"), subject.parameters().get("coversSha256"));

        // without training data the covers follow the explained file, and the report says so
        ExplanationService.Request none = new ExplanationService.Request(ExplanationService.Kind.TREE_SHAP, "yes",
                List.of(3), Explainers.Options.DEFAULTS, 1);
        ExplanationReport headOnly = ExplanationService.run(cart, head, none, ProgressListener.NONE, Cancellation.NONE);
        assertEquals("the explained data", headOnly.parameters().get("covers"));
        assertEquals("40", headOnly.parameters().get("coversRows"));
        assertNotEquals(onHead.rows().get(0).baseValue(), headOnly.rows().get(0).baseValue(),
                "covers from 40 held-out rows give another base value than the training data's");
    }

    @Test
    void permutationImportanceIsSortedBySignedMeanDropLikeSklearn() throws Exception {
        Model<Label> model = models.get("logreg-adagrad-lr0.05");
        FeatureImportance fi = new PermutationImportance(ClassificationMetric.accuracy(), 3, 7L, 2)
                .compute(model, heldOut(model));
        assertEquals(FeatureImportance.Order.SIGNED, fi.order());
        for (int i = 1; i < fi.entries().size(); i++) {
            assertTrue(fi.entries().get(i - 1).value() >= fi.entries().get(i).value(),
                    "descending signed mean drop: " + fi.entries());
        }
        // a constructed case: a negative drop larger in size than a small positive one ranks below it
        FeatureImportance signed = new FeatureImportance("permutation importance (accuracy drop)", List.of(
                new FeatureImportance.Entry("a", 0.01, 0), new FeatureImportance.Entry("b", -0.03, 0),
                new FeatureImportance.Entry("c", 0.2, 0)), Map.of(), FeatureImportance.Order.SIGNED);
        assertEquals(List.of("c", "a", "b"), signed.ranking());
        FeatureImportance magnitude = new FeatureImportance("weights", signed.entries(), Map.of());
        assertEquals(List.of("c", "b", "a"), magnitude.ranking(), "weights and mean |SHAP| still rank by magnitude");
    }

    @Test
    void permutationImportanceRanksTheGroundTruthDriversFirst() throws Exception {
        for (String name : List.of("logreg-adagrad-lr0.05", "xgb-eta0.1-d3")) {
            Model<Label> model = models.get(name);
            FeatureImportance fi = new PermutationImportance(ClassificationMetric.accuracy(), 5, 7L, 2)
                    .compute(model, heldOut(model));
            List<String> top3 = fi.ranking().subList(0, 3);
            assertEquals(DRIVERS, Set.copyOf(top3), name + " ranking " + fi.ranking());
        }
    }
}
