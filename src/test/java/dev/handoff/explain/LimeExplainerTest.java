package dev.handoff.explain;

import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.explanations.lime.LIMEBase;
import org.tribuo.classification.explanations.lime.LIMEExplanation;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;
import org.tribuo.data.columnar.FieldProcessor;
import org.tribuo.data.columnar.RowProcessor;
import org.tribuo.data.columnar.processors.field.DoubleFieldProcessor;
import org.tribuo.data.columnar.processors.response.FieldResponseProcessor;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.sgd.linear.LinearSGDTrainer;
import org.tribuo.regression.sgd.objectives.SquaredLoss;
import org.tribuo.regression.slm.LARSLassoTrainer;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LimeExplainerTest {

    @Test
    void limeRanksTheDrivingFeaturesFirst() {
        MutableDataset<Label> train = Synthetic.dataset(41, 400, 4, 2, 0.0);
        Model<Label> model = new LogisticRegressionTrainer().train(train);
        FeatureTable table = FeatureTable.fromExamples(train, FeatureTable.modelFeatures(model));
        LimeExplainer lime = LimeExplainer.of(model, 500, 7, 0);
        Attribution a = lime.explain(table.row(3), "pos");
        assertEquals(ExplanationMethod.LIME, a.method());
        assertTrue(Double.isNaN(a.additivityResidual()));
        double c0 = Math.abs(Double.parseDouble(a.parameters().get("coefficient.x0")));
        double c1 = Math.abs(Double.parseDouble(a.parameters().get("coefficient.x1")));
        double c2 = Math.abs(Double.parseDouble(a.parameters().get("coefficient.x2")));
        double c3 = Math.abs(Double.parseDouble(a.parameters().get("coefficient.x3")));
        assertTrue(Math.min(c0, c1) > Math.max(c2, c3), a.parameters().toString());
        // base + Σ values reproduces the surrogate's prediction at x (not the model's: LIME is not additive)
        assertEquals(Double.parseDouble(a.parameters().get("surrogatePrediction")), a.baseValue() + a.sum(), 1e-9);
        assertEquals(model.predict(TribuoFunctions.examples(table.featureNames(), new double[][] {table.row(3)})
                .get(0)).getOutputScores().get("pos").getScore(), a.modelOutput(), 1e-12);
        Attribution again = LimeExplainer.of(model, 500, 7, 0).explain(table.row(3), "pos");
        assertEquals(a.sum(), again.sum(), 0.0, "seeded");
        assertEquals("Tribuo LIMEColumnar", a.parameters().get("implementation"));
    }

    @Test
    void aLimeReportKeepsEachRowsSurrogateFitWithTheRowAndOnlySettingsAtTheTop() throws Exception {
        MutableDataset<Label> train = Synthetic.dataset(41, 200, 4, 2, 0.0);
        Model<Label> model = new LogisticRegressionTrainer().train(train);
        FeatureTable table = FeatureTable.fromExamples(train, FeatureTable.modelFeatures(model));
        for (List<Integer> rows : List.of(List.of(3), List.of(3, 4, 5))) {
            ExplanationReport report = ExplanationService.run(model, table, new ExplanationService.Request(
                    ExplanationService.Kind.LIME, "pos", rows, new Explainers.Options(20, 0, 300, 7), 1),
                    ProgressListener.NONE, Cancellation.NONE);
            for (String key : report.parameters().keySet()) {
                assertTrue(!key.startsWith("coefficient.") && !key.startsWith("surrogatePrediction")
                        && !key.equals("surrogateRMSE") && !key.equals("activeFeatures"),
                        "a row's finding at the top level: " + key + " in " + report.parameters());
            }
            assertEquals("300", report.parameters().get("samples"));
            assertEquals("Tribuo LIMEColumnar", report.parameters().get("implementation"));
            assertTrue(!report.parameters().containsKey("rows"), "no 'rows' setting that reads like a row count");
            for (ExplanationReport.RowExplanation row : report.rows()) {
                Map<String, String> own = row.rowParameters();
                assertTrue(own.containsKey("surrogatePrediction") && own.containsKey("surrogateRMSE")
                        && own.containsKey("coefficient.x0"), own.toString());
                double sum = row.features().stream().mapToDouble(ExplanationReport.FeatureAttribution::attribution).sum();
                assertEquals(Double.parseDouble(own.get("surrogatePrediction")), row.baseValue() + sum, 1e-9);
            }
            String json = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(report);
            var tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
            assertTrue(tree.at("/rows/0/row_parameters").has("surrogateRMSE"), json);
            assertTrue(!tree.get("parameters").has("surrogateRMSE"), json);
        }
    }

    @Test
    void tableRowsGoThroughLimeColumnarAndMatchTribuosTabularLimeOnTheSameSeed() {
        // Plain feature names (no "column@" prefix), some values missing, as in the sample project's models.
        MutableDataset<Label> train = Synthetic.dataset(43, 400, 4, 2, 0.1);
        Model<Label> model = new LogisticRegressionTrainer().train(train);
        List<String> features = FeatureTable.modelFeatures(model);
        FeatureTable table = FeatureTable.fromExamples(Synthetic.dataset(44, 20, 4, 2, 0.25), features);
        LimeExplainer lime = LimeExplainer.of(model, 300, 11, 0);
        int missing = 0;
        for (int r = 0; r < 6; r++) {
            double[] x = table.row(r);
            for (double v : x) {
                missing += Double.isNaN(v) ? 1 : 0;
            }
            Attribution a = lime.explain(x, "pos");
            assertEquals(features, a.featureNames());
            if (r == 0) {
                // LIMEColumnar hands purely numeric rows to LIMEBase's sampler: on the same seed it equals LIMEBase
                // over the column-named view, so the row processor built the example the model would have seen.
                ColumnarNamedModel view = new ColumnarNamedModel(model);
                Example<Label> columnarExample = TribuoFunctions.examples(FeatureTable.modelFeatures(view),
                        new double[][] {x}).get(0);
                assertEquals(model.predict(TribuoFunctions.examples(features, new double[][] {x}).get(0))
                        .getOutputScores().get("pos").getScore(),
                        view.predict(columnarExample).getOutputScores().get("pos").getScore(), 0.0);
                LIMEExplanation direct = new LIMEBase(new SplittableRandom(11), view, new LARSLassoTrainer(4), 300)
                        .explain(columnarExample);
                assertEquals(direct.getRMSE("pos"), Double.parseDouble(a.parameters().get("surrogateRMSE")), 0.0);
                // Against Tribuo's LIMEBase on the plain model the samples differ (the feature map iterates in hash
                // order of the names), but the local picture is the same.
                LIMEExplanation plain = new LIMEBase(new SplittableRandom(11), model, new LARSLassoTrainer(4), 300)
                        .explain(TribuoFunctions.examples(features, new double[][] {x}).get(0));
                assertEquals(plain.getActiveFeatures().subList(0, 2), List.of(a.parameters().get("activeFeatures")
                        .split(",")).subList(0, 2), "x0 and x1 drive the label");
            }
            assertEquals(model.predict(TribuoFunctions.examples(features, new double[][] {x}).get(0))
                    .getOutputScores().get("pos").getScore(), a.modelOutput(), 1e-12);
            assertEquals(Double.parseDouble(a.parameters().get("surrogatePrediction")), a.baseValue() + a.sum(), 1e-9);
            assertTrue(Double.isFinite(a.sum()));
        }
        assertTrue(missing > 0, "some explained rows have missing values");
        assertThrows(IllegalArgumentException.class, () -> lime.explain(new double[] {1, 2}, "pos"));
    }

    @Test
    void limeColumnarExplainsRawColumnValues() {
        Map<String, FieldProcessor> fields = new HashMap<>();
        for (int i = 0; i < 3; i++) {
            fields.put("x" + i, new DoubleFieldProcessor("x" + i));
        }
        LabelFactory factory = new LabelFactory();
        RowProcessor<Label> processor = new RowProcessor<>(new FieldResponseProcessor<>("y", "", factory), fields);
        MutableDataset<Label> train = new MutableDataset<>(new SimpleDataSourceProvenance("rows", factory), factory);
        Random rnd = new Random(3);
        for (int r = 0; r < 300; r++) {
            Map<String, String> row = row(rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian());
            row.put("y", 3 * Double.parseDouble(row.get("x1")) > 0 ? "yes" : "no");
            Example<Label> ex = processor.generateExample(row, true).orElseThrow();
            train.add(ex);
        }
        Model<Label> model = new LogisticRegressionTrainer().train(train);
        LimeExplainer lime = LimeExplainer.columnar(model, processor, 400, 1, 0);
        Attribution a = lime.explain(row(0.2, 1.5, -0.4), "YES"); // the response processor upper-cases labels
        assertEquals(3, a.size());
        int top = a.rankByMagnitude()[0];
        assertTrue(a.featureNames().get(top).startsWith("x1"), a.toString());
        assertEquals("Tribuo LIMEColumnar", a.parameters().get("implementation"));
    }

    @Test
    void refusesRegressionModelsAndModelsWithoutProbabilities() {
        RegressionFactory rf = new RegressionFactory();
        MutableDataset<Regressor> reg = new MutableDataset<>(new SimpleDataSourceProvenance("r", rf), rf);
        Random rnd = new Random(1);
        for (int i = 0; i < 50; i++) {
            double x = rnd.nextGaussian();
            reg.add(new ArrayExample<>(new Regressor("y", 2 * x), new String[] {"x"}, new double[] {x}));
        }
        Model<Regressor> regression = new LinearSGDTrainer(new SquaredLoss(), new AdaGrad(0.1), 2, 1L).train(reg);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LimeExplainer.of(regression, 100, 1, 0));
        assertTrue(e.getMessage().contains("classifiers only"), e.getMessage());

        Model<Label> cart = new CARTClassificationTrainer(3).train(Synthetic.dataset(1, 100, 3, 2, 0));
        IllegalArgumentException p = assertThrows(IllegalArgumentException.class,
                () -> LimeExplainer.of(cart, 100, 1, 0));
        assertTrue(p.getMessage().contains("probabilities"), p.getMessage());
    }

    private static Map<String, String> row(double x0, double x1, double x2) {
        Map<String, String> row = new LinkedHashMap<>();
        row.put("x0", Double.toString(x0));
        row.put("x1", Double.toString(x1));
        row.put("x2", Double.toString(x2));
        return row;
    }
}
