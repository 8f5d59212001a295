package dev.handoff.bundle.card;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.handoff.bundle.io.Digests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.evaluation.LabelEvaluation;
import org.tribuo.classification.evaluation.LabelEvaluator;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;
import org.tribuo.data.csv.CSVLoader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelCardTest {
    @TempDir
    Path dir;

    private static ModelCard sampleCard() {
        return new ModelCardBuilder()
                .name("credit <script>alert(1)</script> model")
                .overview("Scores applications & flags risk")
                .owner("Risk team", "risk@example.com")
                .version("v3", "2026-02-01", "retrained on Q4 data")
                .license("Apache-2.0")
                .user("Credit analysts")
                .useCase("Pre-screening | not final decisions")
                .limitation("Not validated for applicants under 21")
                .tradeoff("Higher recall at the cost of precision")
                .risk("Proxy discrimination via postcode", "postcode removed")
                .addMetric("accuracy", 0.91, "test", 0.88, 0.94)
                .addMetric("macro_f1", 0.9, "test", null, null)
                .build();
    }

    @Test
    @SuppressWarnings("unchecked")
    void evaluationResultsNameTheEvaluationDataAndSplitAndRunMetricsTheRun() throws Exception {
        ModelCard card = new ModelCardBuilder().name("m")
                .evaluationData("test.csv", "data/test.csv", "test", 200, "ab12")
                .addMetric("accuracy", 0.9, "held-out test.csv", 0.85, 0.93)
                .addMetric("selection_rate", 0.4, "group=B", null, null)
                .addMetric("val_auc", 0.8, "mlflow run 0123", null, null)
                .build();
        String md = ModelCardRenderer.tabularClassification("tribuo/model.tribuo", null).markdown(card);
        int end = md.indexOf("\n---\n", 4);
        Map<String, Object> fm = new YAMLMapper().readValue(md.substring(4, end + 1), Map.class);
        List<Map<String, Object>> results = (List<Map<String, Object>>) ((List<Map<String, Object>>)
                fm.get("model-index")).get(0).get("results");
        Map<String, Object> heldOut = (Map<String, Object>) results.get(0).get("dataset");
        assertEquals("test.csv", heldOut.get("name"));
        assertEquals("test", heldOut.get("split"));
        assertEquals("test.csv", ((Map<String, Object>) results.get(1).get("dataset")).get("name"), "fairness slices too");
        Map<String, Object> run = (Map<String, Object>) results.get(2).get("dataset");
        assertEquals("mlflow-run", run.get("type"));
        assertFalse(run.containsKey("split"));
        assertEquals("accuracy (held-out test.csv)",
                ((List<Map<String, Object>>) results.get(0).get("metrics")).get(0).get("name"));
        assertFalse(md.contains("train.csv"));
        assertEquals("data/test.csv", card.modelParameters().data().get(0).link());
    }

    @Test
    @SuppressWarnings("unchecked")
    void withoutALicenseTheCardSaysUnspecified() throws Exception {
        ModelCard card = new ModelCardBuilder().name("m").build();
        assertEquals(List.of(new ModelCard.License(null, "unspecified")), card.modelDetails().licenses());
        String md = ModelCardRenderer.tabularClassification("tribuo/model.tribuo", null).markdown(card);
        int end = md.indexOf("\n---\n", 4);
        Map<String, Object> fm = new YAMLMapper().readValue(md.substring(4, end + 1), Map.class);
        assertEquals("unknown", fm.get("license"), "Hugging Face's value for no known license");
        assertTrue(md.substring(end).contains("unspecified"), "the body says so in words");
    }

    @Test
    void dataLinksArePortable(@TempDir Path project) throws Exception {
        Path data = Files.createDirectories(project.resolve("data")).resolve("train.csv");
        Files.writeString(data, "a,b\n1,2\n");
        String sha = dev.handoff.bundle.io.Digests.sha256Hex(data);
        assertEquals("data/train.csv", ModelCardBuilder.portableLink(
                "/home/ana/work/credit-risk/data/train.csv", sha, project));
        assertEquals("data/train.csv", ModelCardBuilder.portableLink(
                "file:/home/ana/work/credit-risk/data/train.csv", null, project));
        assertNull(ModelCardBuilder.portableLink("/home/ana/work/credit-risk/data/train.csv", "00ff", project),
                "another file's content is not the training data");
        assertNull(ModelCardBuilder.portableLink("/home/ana/elsewhere/other.csv", sha, project));
        assertNull(ModelCardBuilder.portableLink("/home/ana/work/data/train.csv", sha, null));
        assertEquals("data/train.csv", ModelCardBuilder.portableLink("data/train.csv", sha, null));
        assertEquals("s3://bucket/train.csv", ModelCardBuilder.portableLink("s3://bucket/train.csv", sha, null));
    }

    @Test
    void jsonRoundTripUsesModelCardToolkitFieldNames() throws Exception {
        ModelCard card = sampleCard();
        String json = ModelCardJson.toJson(card);
        JsonNode tree = new ObjectMapper().readTree(json);
        assertEquals("0.0.2", tree.path("schema_version").asText());
        assertEquals("Risk team", tree.path("model_details").path("owners").get(0).path("name").asText());
        assertEquals("Apache-2.0", tree.path("model_details").path("licenses").get(0).path("identifier").asText());
        assertEquals("0.8800", tree.path("quantitative_analysis").path("performance_metrics").get(0)
                .path("confidence_interval").path("lower_bound").asText());
        assertEquals("postcode removed", tree.path("considerations").path("ethical_considerations").get(0)
                .path("mitigation_strategy").asText());
        assertTrue(tree.path("considerations").has("use_cases"));
        assertTrue(tree.path("model_parameters").has("data"));

        Path file = dir.resolve("card.json");
        ModelCardJson.write(card, file);
        assertEquals(card, ModelCardJson.read(file));
    }

    @Test
    void readsCardsWithExtraToolkitFieldsAndReportsBadOnes() throws Exception {
        ModelCard card = ModelCardJson.fromJson("""
                {"model_details": {"name": "m", "path": "x"}, "model_parameters": {"data": [{"name": "d",
                 "graphics": {"collection": []}, "sensitive": {"sensitive_data": ["age"]}}]}}""", "in.json");
        assertEquals("m", card.modelDetails().name());
        assertEquals(List.of("age"), card.modelParameters().data().get(0).sensitive().sensitiveData());
        assertTrue(card.considerations().users().isEmpty());
        var e = assertThrows(java.io.IOException.class,
                () -> ModelCardJson.fromJson("{\"model_details\": {\"owners\": 3}}", "bad.json"));
        assertTrue(e.getMessage().startsWith("bad.json"), e.getMessage());
        assertTrue(e.getMessage().contains("owners"), e.getMessage());
    }

    @Test
    @SuppressWarnings("unchecked")
    void markdownHasParsableHuggingFaceFrontMatterAndSections() throws Exception {
        String md = ModelCardRenderer.tabularClassification("tribuo/model.tribuo", "mlflow_model").markdown(sampleCard());
        assertTrue(md.startsWith("---\n"));
        int end = md.indexOf("\n---\n", 4);
        Map<String, Object> fm = new YAMLMapper().readValue(md.substring(4, end + 1), Map.class);
        assertEquals("apache-2.0", fm.get("license"));
        assertEquals("tribuo", fm.get("library_name"));
        assertTrue(((List<String>) fm.get("tags")).contains("tribuo"));
        assertEquals(List.of("accuracy", "macro_f1"), fm.get("metrics"));
        List<Map<String, Object>> index = (List<Map<String, Object>>) fm.get("model-index");
        Map<String, Object> result = ((List<Map<String, Object>>) index.get(0).get("results")).get(0);
        Map<String, Object> firstMetric = ((List<Map<String, Object>>) result.get("metrics")).get(0);
        assertEquals("accuracy", firstMetric.get("type"));
        assertEquals(0.91, ((Number) firstMetric.get("value")).doubleValue(), 1e-9);

        for (String section : List.of("## Model Details", "## Uses", "## Bias, Risks, and Limitations", "## Training",
                "## Evaluation", "## How to get started")) {
            assertTrue(md.contains(section), section);
        }
        String body = md.substring(end + 5);
        assertFalse(body.contains("<script>"), "card text must not inject HTML into Markdown");
        assertTrue(body.contains("credit &lt;script&gt;"));
        assertTrue(md.contains("| accuracy | test | 0.9100 | [0.8800, 0.9400] |"));
        assertTrue(md.contains("- Pre-screening | not final decisions\n"));
        assertTrue(md.contains("mlflow.pyfunc.load_model(\"mlflow_model\")"));
    }

    @Test
    void htmlEscapesCardTextAndIsSelfContained() {
        String html = ModelCardRenderer.tabularClassification("tribuo/model.tribuo", null).html(sampleCard());
        assertFalse(html.contains("<script>"));
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assertTrue(html.contains("Scores applications &amp; flags risk"));
        assertTrue(html.contains("<style>"));
        assertFalse(html.contains("src=") || html.contains("href="), "no external resources");
        assertTrue(html.contains("cannot be exported to ONNX"));
    }

    @Test
    void builderFillsFromTribuoModelEvaluationAndRun() throws Exception {
        Path csv = dir.resolve("loans.csv");
        StringBuilder rows = new StringBuilder("age,income,label\n");
        Random random = new Random(3);
        for (int i = 0; i < 120; i++) {
            double age = random.nextGaussian();
            double income = random.nextGaussian();
            rows.append(String.format(Locale.ROOT, "%.4f,%.4f,%s%n", age, income, income > 0 ? "yes" : "no"));
        }
        Files.writeString(csv, rows);
        var source = new CSVLoader<>(new LabelFactory()).loadDataSource(csv, "label");
        MutableDataset<Label> data = new MutableDataset<>(source);
        Model<Label> model = new LogisticRegressionTrainer().train(data);
        LabelEvaluation evaluation = new LabelEvaluator().evaluate(model, data);

        ModelCard card = ModelCardBuilder.fromModel(model)
                .labelEvaluation(evaluation, "train")
                .runInfo("abc123", Map.of("epochs", "5"), Map.of("val_loss", 0.25), Map.of("mlflow.runName", "brave-owl"))
                .build();

        ModelCard.Dataset dataset = card.modelParameters().data().get(0);
        assertEquals("loans.csv", dataset.name());
        assertTrue(dataset.description().toLowerCase(Locale.ROOT).contains(Digests.sha256Hex(csv)),
                "dataset description carries the CSV's SHA-256 from provenance: " + dataset.description());
        String architecture = card.modelParameters().modelArchitecture();
        assertTrue(architecture.contains("LinearSGDModel"), architecture);
        assertTrue(architecture.contains("LogisticRegressionTrainer"), architecture);
        assertTrue(architecture.contains("epochs=5"), architecture);
        assertTrue(card.modelParameters().inputFormat().contains("age, income")
                || card.modelParameters().inputFormat().contains("income, age"), card.modelParameters().inputFormat());

        ModelCard.PerformanceMetric accuracy = card.quantitativeAnalysis().performanceMetrics().get(0);
        assertEquals("accuracy", accuracy.type());
        assertEquals(evaluation.accuracy(), Double.parseDouble(accuracy.value()), 1e-4);
        double lower = Double.parseDouble(accuracy.confidenceInterval().lowerBound());
        double upper = Double.parseDouble(accuracy.confidenceInterval().upperBound());
        assertTrue(lower < evaluation.accuracy() && evaluation.accuracy() <= upper);
        assertTrue(card.quantitativeAnalysis().performanceMetrics().stream()
                .anyMatch(m -> m.type().equals("val_loss") && m.slice().equals("mlflow run abc123")));
        assertEquals("brave-owl (abc123)", card.modelDetails().version().name());
    }

    @Test
    void groupFairnessBecomesSlicedMetricsWithWilsonIntervals() throws Exception {
        // group A: 3 of 4 selected (tp 2, fp 1, tn 1, fn 0); group B: 1 of 4 selected (tp 1, fp 0, tn 2, fn 1)
        List<String> truth = List.of("yes", "yes", "no", "no", "yes", "yes", "no", "no");
        List<String> predicted = List.of("yes", "yes", "yes", "no", "yes", "no", "no", "no");
        List<String> group = List.of("A", "A", "A", "A", "B", "B", "B", "B");
        var fairness = dev.handoff.bundle.fairness.GroupMetrics.compute("group", "yes", truth, predicted, group);
        ModelCard card = new ModelCardBuilder().name("m").groupFairness(fairness).build();
        ModelCardJson.write(card, dir.resolve("card.json"));
        JsonNode metrics = new ObjectMapper().readTree(dir.resolve("card.json").toFile())
                .at("/quantitative_analysis/performance_metrics");
        var wilson = dev.handoff.bundle.fairness.Interval.wilson(3, 4);
        JsonNode selA = find(metrics, "selection_rate", "group=A");
        assertEquals("0.7500", selA.path("value").asText());
        assertEquals(String.format(Locale.ROOT, "%.4f", wilson.lower()), selA.at("/confidence_interval/lower_bound").asText());
        assertEquals(String.format(Locale.ROOT, "%.4f", wilson.upper()), selA.at("/confidence_interval/upper_bound").asText());
        assertEquals("0.2500", find(metrics, "selection_rate", "group=B").path("value").asText());
        assertEquals("0.5000", find(metrics, "true_positive_rate", "group=B").path("value").asText());
        assertEquals("0.5000", find(metrics, "false_positive_rate", "group=A").path("value").asText());
        assertEquals("0.7500", find(metrics, "accuracy", "group=B").path("value").asText());
        assertFalse(find(metrics, "accuracy", "group=A").path("confidence_interval").isMissingNode());
        assertEquals("0.5000", find(metrics, "demographic_parity_difference", "group").path("value").asText());
        assertEquals("0.3333", find(metrics, "demographic_parity_ratio", "group").path("value").asText());
        assertEquals("0.5000", find(metrics, "equalized_odds_difference", "group").path("value").asText());
        assertEquals(4 * 2 + 3, metrics.size());
    }

    private static JsonNode find(JsonNode metrics, String type, String slice) {
        for (JsonNode m : metrics) {
            if (m.path("type").asText().equals(type) && m.path("slice").asText().equals(slice)) {
                return m;
            }
        }
        throw new AssertionError("no " + type + " for slice " + slice + " in " + metrics);
    }
}
