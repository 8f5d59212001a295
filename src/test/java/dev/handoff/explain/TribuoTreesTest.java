package dev.handoff.explain;

import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import org.junit.jupiter.api.Test;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.xgboost.XGBoostClassificationTrainer;
import org.tribuo.classification.ensemble.FullyWeightedVotingCombiner;
import org.tribuo.classification.ensemble.VotingCombiner;
import org.tribuo.common.tree.RandomForestTrainer;
import org.tribuo.common.tree.TreeModel;
import org.tribuo.ensemble.EnsembleModel;
import org.tribuo.common.xgboost.XGBoostModel;
import org.tribuo.impl.ArrayExample;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TribuoTreesTest {

    @Test
    void xgboostTreeShapMatchesNativePredictContrib() throws Exception {
        for (int classes : new int[] {2, 3}) {
            MutableDataset<Label> train = Synthetic.dataset(11 + classes, 400, 5, classes, 0.1);
            XGBoostModel<Label> model = new XGBoostClassificationTrainer(12).train(train);
            FeatureTable table = FeatureTable.fromExamples(Synthetic.dataset(99, 40, 5, classes, 0.15),
                    FeatureTable.modelFeatures(model));
            int m = table.numFeatures();
            int n = table.numRows();
            float[] dense = new float[n * m];
            for (int r = 0; r < n; r++) {
                for (int c = 0; c < m; c++) {
                    dense[r * m + c] = (float) table.rowsView()[r][c];
                }
            }
            Booster booster = model.getInnerModels().get(0);
            DMatrix matrix = new DMatrix(dense, n, m, Float.NaN);
            float[][] contrib = booster.predictContrib(matrix, 0);
            float[][] margins = booster.predict(matrix, true);
            List<Label> labels = new ArrayList<>(model.getOutputIDInfo().getDomain());
            for (Label label : labels) {
                int group = model.getOutputIDInfo().getID(label);
                TreeShap shap = new TreeShap(TribuoTrees.xgboost(model, label.getLabel()));
                for (int r = 0; r < n; r++) {
                    double[] x = table.row(r);
                    Attribution a = shap.explain(x, label.getLabel());
                    int offset = group * (m + 1);
                    for (int c = 0; c < m; c++) {
                        assertEquals(contrib[r][offset + c], a.value(c), 1e-5, "row " + r + " feature " + c);
                    }
                    assertEquals(contrib[r][offset + m], a.baseValue(), 1e-5, "bias column");
                    assertEquals(margins[r][group], a.modelOutput(), 1e-5, "margin");
                    assertTrue(a.additivityResidual() <= 1e-6, "additivity " + a.additivityResidual());
                }
            }
            // The margins are what Tribuo turns into probabilities with a softmax.
            double[] row = table.row(0);
            Prediction<Label> p = model.predict(example(table, 0));
            double[] z = new double[labels.size()];
            double norm = 0;
            for (Label label : labels) {
                z[model.getOutputIDInfo().getID(label)] = TribuoTrees.xgboost(model, label.getLabel()).predict(row);
            }
            for (double v : z) {
                norm += Math.exp(v);
            }
            for (Label label : labels) {
                double expected = Math.exp(z[model.getOutputIDInfo().getID(label)]) / norm;
                assertEquals(expected, p.getOutputScores().get(label.getLabel()).getScore(), 1e-5);
            }
            matrix.dispose();
        }
    }

    @Test
    void xgboostTreeShapMatchesBruteForce() {
        MutableDataset<Label> train = Synthetic.dataset(5, 300, 6, 3, 0.1);
        XGBoostModel<Label> model = new XGBoostClassificationTrainer(4).train(train);
        TreeEnsemble ensemble = TribuoTrees.xgboost(model, "mid");
        TreeShap shap = new TreeShap(ensemble);
        FeatureTable table = FeatureTable.fromExamples(Synthetic.dataset(6, 10, 6, 3, 0.2),
                FeatureTable.modelFeatures(model));
        for (int r = 0; r < table.numRows(); r++) {
            double[] exact = BruteForceShapley.pathDependent(ensemble, table.row(r));
            double[] phi = shap.shapValues(table.row(r));
            for (int i = 0; i < exact.length; i++) {
                assertEquals(exact[i], phi[i], 1e-9);
            }
        }
    }

    @Test
    void cartExplainsLeafProbabilityWithTrainingCounts() {
        MutableDataset<Label> train = Synthetic.dataset(3, 300, 4, 3, 0.05);
        TreeModel<Label> model = new CARTClassificationTrainer(4).train(train);
        FeatureTable training = FeatureTable.fromExamples(train, FeatureTable.modelFeatures(model));
        TreeEnsemble ensemble = TribuoTrees.cart(model, "high", training);
        assertEquals(300.0, ensemble.trees().get(0).cover(0), 0.0);
        TreeShap shap = new TreeShap(ensemble);
        FeatureTable test = FeatureTable.fromExamples(Synthetic.dataset(4, 30, 4, 3, 0.1),
                FeatureTable.modelFeatures(model));
        double trainingShare = 0;
        for (var ex : train) {
            trainingShare += ex.getOutput().getLabel().equals("high") ? 1 : 0;
        }
        // The root expectation of the leaf distributions, weighted by training counts, is the class frequency.
        assertEquals(trainingShare / 300, shap.expectedValue(), 1e-9);
        for (int r = 0; r < test.numRows(); r++) {
            double[] x = test.row(r);
            Attribution a = shap.explain(x, "high");
            double tribuo = model.predict(example(test, r)).getOutputScores().get("high").getScore();
            assertEquals(tribuo, a.modelOutput(), 1e-12, "adapter reproduces Tribuo's prediction");
            assertTrue(a.additivityResidual() <= 1e-9);
            double[] exact = BruteForceShapley.pathDependent(ensemble, x);
            for (int i = 0; i < exact.length; i++) {
                assertEquals(exact[i], a.value(i), 1e-9);
            }
        }
    }

    @Test
    void probabilityAveragingForestIsExplainedExactly() {
        MutableDataset<Label> train = Synthetic.dataset(8, 300, 5, 2, 0.0);
        FeatureTable data = FeatureTable.fromDataset(train);
        RandomForestTrainer<Label> averaging = new RandomForestTrainer<>(new CARTClassificationTrainer(3, 0.6f, 4L),
                new FullyWeightedVotingCombiner(), 6, 9L);
        EnsembleModel<Label> forest = averaging.train(train);
        TreeEnsemble ensemble = TribuoTrees.of(forest, "pos", data);
        assertEquals(6, ensemble.trees().size());
        TreeShap shap = new TreeShap(ensemble);
        for (int r = 0; r < 8; r++) {
            double[] x = data.row(r);
            Attribution a = shap.explain(x, "pos");
            assertEquals(forest.predict(example(data, r)).getOutputScores().get("pos").getScore(), a.modelOutput(),
                    1e-6);
            assertTrue(a.additivityResidual() <= 1e-9);
            double[] exact = BruteForceShapley.pathDependent(ensemble, x);
            for (int i = 0; i < exact.length; i++) {
                assertEquals(exact[i], a.value(i), 1e-9);
            }
        }
        EnsembleModel<Label> voting = new RandomForestTrainer<>(new CARTClassificationTrainer(3, 0.6f, 4L),
                new VotingCombiner(), 6, 9L).train(train);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TribuoTrees.of(voting, "pos", data));
        assertTrue(e.getMessage().contains("does not average"), e.getMessage());
    }

    @Test
    void unknownClassAndMismatchedCoverDataAreRejected() {
        MutableDataset<Label> train = Synthetic.dataset(3, 100, 3, 2, 0);
        TreeModel<Label> model = new CARTClassificationTrainer(3).train(train);
        FeatureTable data = FeatureTable.fromDataset(train);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TribuoTrees.cart(model, "nope", data));
        assertTrue(e.getMessage().contains("nope"), e.getMessage());
        IllegalArgumentException cols = assertThrows(IllegalArgumentException.class,
                () -> TribuoTrees.cart(model, "pos", data.withoutColumns("x2")));
        assertTrue(cols.getMessage().contains("missing [x2]"), cols.getMessage());
    }

    static ArrayExample<Label> example(FeatureTable table, int r) {
        ArrayExample<Label> ex = new ArrayExample<>(new Label("?"));
        double[] row = table.row(r);
        for (int c = 0; c < row.length; c++) {
            if (!Double.isNaN(row[c])) {
                ex.add(table.featureNames().get(c), row[c]);
            }
        }
        return ex;
    }
}
