package dev.handoff.bundle.card;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.handoff.bundle.card.ModelCard.Dataset;
import dev.handoff.bundle.card.ModelCard.Description;
import dev.handoff.bundle.card.ModelCard.PerformanceMetric;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Renders a {@link ModelCard} as a Hugging Face style {@code README.md} (YAML front matter with license,
 * library_name, tags, datasets, metrics and model-index, then the usual sections) and as a self-contained
 * HTML page. All card text is escaped: Markdown output cannot inject HTML, HTML output cannot inject markup.
 *
 * @param tags extra front-matter tags (besides {@code tribuo})
 * @param pipelineTag Hugging Face task, e.g. {@code tabular-classification}
 * @param tribuoModelPath bundle-relative path of the Tribuo protobuf model, used in "How to get started"
 * @param mlflowModelPath bundle-relative path of the MLflow model directory, null when there is no ONNX export
 * @param monitoring      the bundle's drift monitoring plan, rendered as a "Monitoring" section; null when it has none
 */
public record ModelCardRenderer(List<String> tags, String pipelineTag, String tribuoModelPath, String mlflowModelPath,
                                Monitoring monitoring) {
    /** What the card says about drift monitoring: the monitored columns, the reference data set, the thresholds. */
    public record Monitoring(List<String> monitored, String reference, String profilePath, String thresholds) {
        public Monitoring {
            monitored = List.copyOf(monitored);
        }
    }

    public ModelCardRenderer(List<String> tags, String pipelineTag, String tribuoModelPath, String mlflowModelPath) {
        this(tags, pipelineTag, tribuoModelPath, mlflowModelPath, null);
    }

    /** This renderer with a Monitoring section. */
    public ModelCardRenderer withMonitoring(Monitoring plan) {
        return new ModelCardRenderer(tags, pipelineTag, tribuoModelPath, mlflowModelPath, plan);
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR));

    public ModelCardRenderer {
        tags = List.copyOf(tags);
    }

    /** A renderer for a tabular classifier stored at the bundle's default paths. */
    public static ModelCardRenderer tabularClassification(String tribuoModelPath, String mlflowModelPath) {
        return new ModelCardRenderer(List.of("tabular-classification"), "tabular-classification", tribuoModelPath,
                mlflowModelPath);
    }

    // ---------------------------------------------------------------- Markdown

    /** The card as Markdown with YAML front matter. */
    public String markdown(ModelCard card) {
        StringBuilder md = new StringBuilder("---\n").append(frontMatter(card)).append("---\n\n");
        String name = nameOf(card);
        md.append("# ").append(mdText(name)).append("\n\n");
        appendParagraph(md, card.modelDetails().overview());

        md.append("## Model Details\n\n");
        for (String[] row : detailRows(card)) {
            md.append("- **").append(row[0]).append(":** ").append(mdText(row[1])).append('\n');
        }
        md.append('\n');

        md.append("## Uses\n\n");
        appendList(md, "Intended users", card.considerations().users());
        appendList(md, "Use cases", card.considerations().useCases());

        md.append("## Bias, Risks, and Limitations\n\n");
        appendList(md, "Limitations", card.considerations().limitations());
        appendList(md, "Trade-offs", card.considerations().tradeoffs());
        md.append("### Ethical considerations\n\n");
        if (card.considerations().ethicalConsiderations().isEmpty()) {
            md.append("_Not documented._\n\n");
        } else {
            card.considerations().ethicalConsiderations().forEach(r -> md.append("- **").append(mdText(r.name()))
                    .append("** — mitigation: ").append(mdText(orDash(r.mitigationStrategy()))).append('\n'));
            md.append('\n');
        }

        md.append("## Training\n\n");
        md.append("- **Architecture:** ").append(mdText(orDash(card.modelParameters().modelArchitecture()))).append('\n');
        md.append("- **Input format:** ").append(mdText(orDash(card.modelParameters().inputFormat()))).append('\n');
        md.append("- **Output format:** ").append(mdText(orDash(card.modelParameters().outputFormat()))).append("\n\n");
        md.append("### Training and evaluation data\n\n");
        if (card.modelParameters().data().isEmpty()) {
            md.append("_Not documented._\n\n");
        } else {
            for (Dataset d : card.modelParameters().data()) {
                md.append("- **").append(mdText(orDash(d.name()))).append("**");
                if (d.description() != null) {
                    md.append(": ").append(mdText(d.description()));
                }
                if (d.link() != null) {
                    md.append(" (").append(mdText(d.link())).append(')');
                }
                if (d.sensitive() != null && !d.sensitive().sensitiveData().isEmpty()) {
                    md.append(" — sensitive: ").append(mdText(String.join(", ", d.sensitive().sensitiveData())));
                }
                md.append('\n');
            }
            md.append('\n');
        }

        md.append("## Evaluation\n\n");
        List<PerformanceMetric> metrics = card.quantitativeAnalysis().performanceMetrics();
        if (metrics.isEmpty()) {
            md.append("_No metrics recorded._\n\n");
        } else {
            md.append("| Metric | Slice | Value | 95% CI |\n|---|---|---|---|\n");
            for (PerformanceMetric m : metrics) {
                md.append("| ").append(cell(m.type())).append(" | ").append(cell(m.slice())).append(" | ")
                        .append(cell(m.value())).append(" | ").append(cell(interval(m))).append(" |\n");
            }
            md.append('\n');
        }

        if (monitoring != null) {
            md.append("## Monitoring\n\n").append("New data is compared with the ").append(monitoring.reference())
                    .append(" profile in `").append(monitoring.profilePath()).append("` (`handoff drift`).\n\n")
                    .append("- Monitored: ").append(String.join(", ", monitoring.monitored())).append(", and the model's score\n")
                    .append("- Thresholds: ").append(monitoring.thresholds()).append("\n\n");
        }

        md.append("## How to get started\n\n");
        md.append("Load the Tribuo model (protobuf) in Java:\n\n```java\n")
                .append(javaSnippet()).append("```\n\n");
        if (mlflowModelPath != null) {
            md.append("Score the ONNX export with MLflow in Python:\n\n```python\n")
                    .append(pythonSnippet()).append("```\n");
        } else {
            md.append("This model type cannot be exported to ONNX, so the bundle has no MLflow model.\n");
        }
        return md.toString();
    }

    /** The split named in an evaluation data set's description ({@code "Evaluation data (split: test): ..."}). */
    private static String evaluationSplit(Dataset evaluation) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\(split: ([^)]+)\\)").matcher(evaluation.description());
        return m.find() ? m.group(1) : "test";
    }

    private String frontMatter(ModelCard card) {
        Map<String, Object> fm = new LinkedHashMap<>();
        // Hugging Face's license field takes an identifier from its list; with none given, its "unknown"
        fm.put("license", card.modelDetails().licenses().stream().map(ModelCard.License::identifier)
                .filter(l -> l != null && !l.isBlank()).findFirst()
                .map(l -> l.toLowerCase(java.util.Locale.ROOT)).orElse("unknown"));
        fm.put("library_name", "tribuo");
        Set<String> allTags = new LinkedHashSet<>();
        allTags.add("tribuo");
        allTags.addAll(tags);
        fm.put("tags", new ArrayList<>(allTags));
        if (pipelineTag != null) {
            fm.put("pipeline_tag", pipelineTag);
        }
        List<String> datasets = card.modelParameters().data().stream().map(Dataset::name).filter(n -> n != null).toList();
        if (!datasets.isEmpty()) {
            fm.put("datasets", datasets);
        }
        Dataset evaluation = card.modelParameters().data().stream()
                .filter(d -> d.description() != null && d.description().startsWith(ModelCard.EVALUATION_DATA))
                .findFirst().orElse(null);
        List<PerformanceMetric> metrics = card.quantitativeAnalysis().performanceMetrics();
        List<String> metricTypes = metrics.stream().map(PerformanceMetric::type).filter(t -> t != null).distinct().toList();
        if (!metricTypes.isEmpty()) {
            fm.put("metrics", metricTypes);
            List<Map<String, Object>> results = new ArrayList<>();
            Map<String, List<PerformanceMetric>> bySlice = new LinkedHashMap<>();
            metrics.forEach(m -> bySlice.computeIfAbsent(m.slice() == null ? "overall" : m.slice(), k -> new ArrayList<>()).add(m));
            bySlice.forEach((slice, sliceMetrics) -> {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("task", Map.of("type", pipelineTag == null ? "tabular-classification" : pipelineTag));
                Map<String, Object> datasetInfo = new LinkedHashMap<>();
                if (slice.startsWith(ModelCard.RUN_METRICS_SLICE)) {
                    // logged by the training run itself, on data the run chose
                    datasetInfo.put("name", "metrics logged to " + slice);
                    datasetInfo.put("type", "mlflow-run");
                } else if (evaluation != null) {
                    datasetInfo.put("name", evaluation.name());
                    datasetInfo.put("type", evaluation.name());
                    datasetInfo.put("split", evaluationSplit(evaluation));
                } else {
                    datasetInfo.put("name", "unspecified");
                    datasetInfo.put("type", "unspecified");
                }
                result.put("dataset", datasetInfo);
                List<Map<String, Object>> values = new ArrayList<>();
                for (PerformanceMetric m : sliceMetrics) {
                    Map<String, Object> value = new LinkedHashMap<>();
                    value.put("type", m.type());
                    value.put("value", numberOrText(m.value()));
                    value.put("name", "overall".equals(slice) ? m.type() : m.type() + " (" + slice + ")");
                    values.add(value);
                }
                result.put("metrics", values);
                results.add(result);
            });
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", nameOf(card));
            entry.put("results", results);
            fm.put("model-index", List.of(entry));
        }
        try {
            return YAML.writeValueAsString(fm);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write front matter", e);
        }
    }

    private static Object numberOrText(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            return value;
        }
    }

    private static void appendParagraph(StringBuilder md, String text) {
        if (text != null && !text.isBlank()) {
            md.append(mdText(text)).append("\n\n");
        }
    }

    private static void appendList(StringBuilder md, String heading, List<Description> items) {
        md.append("### ").append(heading).append("\n\n");
        if (items.isEmpty()) {
            md.append("_Not documented._\n\n");
            return;
        }
        items.forEach(i -> md.append("- ").append(mdText(orDash(i.description()))).append('\n'));
        md.append('\n');
    }

    /** Escapes characters that would turn card text into HTML or break Markdown structure. */
    static String mdText(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
    }

    private static String cell(String text) {
        return mdText(orDash(text)).replace("|", "\\|");
    }

    // ---------------------------------------------------------------- HTML

    /** The card as a self-contained HTML page (inline CSS, no scripts, no external resources). */
    public String html(ModelCard card) {
        StringBuilder h = new StringBuilder();
        String name = nameOf(card);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>Model card: ").append(esc(name)).append("</title>\n<style>\n").append(CSS)
                .append("</style>\n</head>\n<body>\n<main>\n");
        h.append("<h1>").append(esc(name)).append("</h1>\n");
        if (card.modelDetails().overview() != null) {
            h.append("<p class=\"overview\">").append(esc(card.modelDetails().overview())).append("</p>\n");
        }
        h.append("<section><h2>Model Details</h2>\n<dl>\n");
        for (String[] row : detailRows(card)) {
            h.append("<dt>").append(esc(row[0])).append("</dt><dd>").append(esc(row[1])).append("</dd>\n");
        }
        h.append("</dl></section>\n");

        h.append("<section><h2>Uses</h2>\n");
        htmlList(h, "Intended users", card.considerations().users(), Description::description);
        htmlList(h, "Use cases", card.considerations().useCases(), Description::description);
        h.append("</section>\n<section><h2>Bias, Risks, and Limitations</h2>\n");
        htmlList(h, "Limitations", card.considerations().limitations(), Description::description);
        htmlList(h, "Trade-offs", card.considerations().tradeoffs(), Description::description);
        htmlList(h, "Ethical considerations", card.considerations().ethicalConsiderations(),
                r -> r.name() + " — mitigation: " + orDash(r.mitigationStrategy()));
        h.append("</section>\n");

        h.append("<section><h2>Training</h2>\n<dl>\n")
                .append("<dt>Architecture</dt><dd>").append(esc(orDash(card.modelParameters().modelArchitecture()))).append("</dd>\n")
                .append("<dt>Input format</dt><dd>").append(esc(orDash(card.modelParameters().inputFormat()))).append("</dd>\n")
                .append("<dt>Output format</dt><dd>").append(esc(orDash(card.modelParameters().outputFormat()))).append("</dd>\n")
                .append("</dl>\n");
        htmlList(h, "Training and evaluation data", card.modelParameters().data(), d -> orDash(d.name())
                + (d.description() != null ? ": " + d.description() : "")
                + (d.link() != null ? " (" + d.link() + ")" : "")
                + (d.sensitive() != null && !d.sensitive().sensitiveData().isEmpty()
                ? " — sensitive: " + String.join(", ", d.sensitive().sensitiveData()) : ""));
        h.append("</section>\n");

        h.append("<section><h2>Evaluation</h2>\n");
        List<PerformanceMetric> metrics = card.quantitativeAnalysis().performanceMetrics();
        if (metrics.isEmpty()) {
            h.append("<p class=\"missing\">No metrics recorded.</p>\n");
        } else {
            h.append("<table>\n<thead><tr><th>Metric</th><th>Slice</th><th>Value</th><th>95% CI</th></tr></thead>\n<tbody>\n");
            for (PerformanceMetric m : metrics) {
                h.append("<tr><td>").append(esc(orDash(m.type()))).append("</td><td>").append(esc(orDash(m.slice())))
                        .append("</td><td class=\"num\">").append(esc(orDash(m.value()))).append("</td><td class=\"num\">")
                        .append(esc(interval(m))).append("</td></tr>\n");
            }
            h.append("</tbody>\n</table>\n");
        }
        h.append("</section>\n");

        if (monitoring != null) {
            h.append("<section><h2>Monitoring</h2>\n<p>New data is compared with the ").append(esc(monitoring.reference()))
                    .append(" profile in <code>").append(esc(monitoring.profilePath())).append("</code> (<code>handoff drift</code>).</p>\n<ul><li>Monitored: ")
                    .append(esc(String.join(", ", monitoring.monitored()))).append(", and the model's score</li><li>Thresholds: ")
                    .append(esc(monitoring.thresholds())).append("</li></ul>\n</section>\n");
        }

        h.append("<section><h2>How to get started</h2>\n<p>Load the Tribuo model (protobuf) in Java:</p>\n<pre><code>")
                .append(esc(javaSnippet())).append("</code></pre>\n");
        if (mlflowModelPath != null) {
            h.append("<p>Score the ONNX export with MLflow in Python:</p>\n<pre><code>")
                    .append(esc(pythonSnippet())).append("</code></pre>\n");
        } else {
            h.append("<p>This model type cannot be exported to ONNX, so the bundle has no MLflow model.</p>\n");
        }
        h.append("</section>\n</main>\n</body>\n</html>\n");
        return h.toString();
    }

    private static <T> void htmlList(StringBuilder h, String heading, List<T> items, Function<T, String> text) {
        h.append("<h3>").append(esc(heading)).append("</h3>\n");
        if (items.isEmpty()) {
            h.append("<p class=\"missing\">Not documented.</p>\n");
            return;
        }
        h.append("<ul>\n");
        items.forEach(i -> h.append("<li>").append(esc(orDash(text.apply(i)))).append("</li>\n"));
        h.append("</ul>\n");
    }

    /** HTML escaping for text and attribute values. */
    static String esc(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static final String CSS = """
            :root { color-scheme: light dark; --fg: #1f2328; --bg: #ffffff; --muted: #59636e; --line: #d1d9e0; --accent: #0969da; }
            @media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --bg: #0d1117; --muted: #9198a1; --line: #3d444d; --accent: #4493f8; } }
            body { margin: 0; background: var(--bg); color: var(--fg); font: 16px/1.55 system-ui, -apple-system, "Segoe UI", sans-serif; }
            main { max-width: 52rem; margin: 0 auto; padding: 2rem 1.25rem 4rem; }
            h1 { font-size: 2rem; margin: 0 0 .5rem; }
            h2 { font-size: 1.35rem; border-bottom: 1px solid var(--line); padding-bottom: .3rem; margin-top: 2.2rem; color: var(--accent); }
            h3 { font-size: 1.05rem; margin: 1.2rem 0 .4rem; }
            .overview { font-size: 1.1rem; color: var(--muted); }
            dl { display: grid; grid-template-columns: max-content 1fr; gap: .35rem 1.2rem; }
            dt { font-weight: 600; } dd { margin: 0; overflow-wrap: anywhere; }
            table { border-collapse: collapse; width: 100%; }
            th, td { border: 1px solid var(--line); padding: .4rem .6rem; text-align: left; }
            td.num { font-variant-numeric: tabular-nums; }
            pre { background: color-mix(in srgb, var(--fg) 6%, var(--bg)); padding: .8rem 1rem; overflow-x: auto; border-radius: 6px; }
            .missing { color: var(--muted); font-style: italic; }
            """;

    // ---------------------------------------------------------------- shared

    private static List<String[]> detailRows(ModelCard card) {
        ModelCard.ModelDetails d = card.modelDetails();
        List<String[]> rows = new ArrayList<>();
        if (d.version() != null) {
            rows.add(new String[]{"Version", orDash(d.version().name())
                    + (d.version().date() != null ? " (" + d.version().date() + ")" : "")
                    + (d.version().diff() != null ? " — " + d.version().diff() : "")});
        }
        rows.add(new String[]{"Owners", d.owners().isEmpty() ? "—" : String.join("; ", d.owners().stream()
                .map(o -> orDash(o.name()) + (o.contact() != null ? " <" + o.contact() + ">" : "")).toList())});
        rows.add(new String[]{"License", d.licenses().isEmpty() ? "—" : String.join("; ", d.licenses().stream()
                .map(l -> l.identifier() != null ? l.identifier() : orDash(l.customText())).toList())});
        if (d.documentation() != null) {
            rows.add(new String[]{"Documentation", d.documentation()});
        }
        d.references().forEach(r -> rows.add(new String[]{"Reference", orDash(r.reference())}));
        d.citations().forEach(c -> rows.add(new String[]{"Citation", orDash(c.citation())}));
        return rows;
    }

    private static String interval(PerformanceMetric m) {
        ModelCard.ConfidenceInterval ci = m.confidenceInterval();
        return ci == null ? "—" : "[" + orDash(ci.lowerBound()) + ", " + orDash(ci.upperBound()) + "]";
    }

    private String javaSnippet() {
        return "Model<?> model = Model.deserializeFromFile(Path.of(\"" + tribuoModelPath + "\"));\n";
    }

    private String pythonSnippet() {
        return "import json\nimport mlflow\nimport numpy as np\n\n"
                + "model = mlflow.pyfunc.load_model(\"" + mlflowModelPath + "\")\n"
                + "with open(\"" + mlflowModelPath + "/input_example.json\") as f:\n"
                + "    rows = np.array(json.load(f), dtype=np.float32)\n"
                + "print(model.predict(rows))\n";
    }

    private static String nameOf(ModelCard card) {
        return orDash(card.modelDetails().name());
    }

    private static String orDash(String s) {
        return s == null || s.isBlank() ? "—" : s;
    }
}
