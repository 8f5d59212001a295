package dev.handoff.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.handoff.bundle.card.ModelCard;
import dev.handoff.bundle.checklist.Checklist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What a reviewer sees of one bundle, and the diff of two: read once through {@link BundleReader} — a zip is extracted
 * safely to a temporary folder that is deleted again — so a view (the workbench's review window reads it in the
 * background) never touches the bundle's files. Plain Java, no display needed.
 *
 * @param path         the bundle folder or zip as opened
 * @param name         bundle name from {@code bundle.json}
 * @param card         the model card, if the bundle has one
 * @param checklist    the checklist as exported, if any
 * @param explanations one summary per {@code explanations/*.json}
 * @param params       run parameters from {@code provenance/run.json} (empty when absent)
 * @param registry     where the model stands in MLflow ({@code provenance/registry.json}), if the bundle records it
 */
public record BundleContents(Path path, String name, Optional<ModelCard> card, Optional<Checklist> checklist,
                             List<ExplanationSummary> explanations, Map<String, String> params,
                             Optional<RegistryProvenance> registry) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One explanation file.
     *
     * @param file        file name in {@code explanations/}
     * @param method      explanation method, or "sign-offs" for the reviewers' sign-off list
     * @param rows        explained rows (number of sign-offs for the sign-off list)
     * @param maxResidual largest additivity residual over the explained rows, or null when not applicable
     * @param details     top global features, or the sign-offs as "reviewer: decision"
     */
    public record ExplanationSummary(String file, String method, int rows, Double maxResidual, String details) {
    }

    public BundleContents {
        Objects.requireNonNull(path, "path");
        explanations = List.copyOf(explanations);
        params = Map.copyOf(params);
        registry = registry == null ? Optional.empty() : registry;
    }

    /** Contents without registry provenance. */
    public BundleContents(Path path, String name, Optional<ModelCard> card, Optional<Checklist> checklist,
                          List<ExplanationSummary> explanations, Map<String, String> params) {
        this(path, name, card, checklist, explanations, params, Optional.empty());
    }

    /** Reads {@code dirOrZip}; errors name the bundle and the file at fault. */
    public static BundleContents read(Path dirOrZip) throws IOException {
        try (OpenedBundle bundle = BundleReader.open(dirOrZip)) {
            JsonNode meta = bundle.metadata();
            String name = meta.path("name").asText(dirOrZip.getFileName().toString());
            List<ExplanationSummary> explanations = new ArrayList<>();
            Path dir = bundle.root().resolve(BundleLayout.EXPLANATIONS_DIR);
            if (Files.isDirectory(dir)) {
                List<Path> files;
                try (Stream<Path> s = Files.list(dir)) {
                    files = s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
                }
                for (Path f : files) {
                    explanations.add(summarize(f, readJson(dirOrZip, bundle.root(), f),
                            meta.at("/sections/tribuo/model_sha256").asText(null)));
                }
            }
            Map<String, String> params = new LinkedHashMap<>();
            Path run = bundle.root().resolve("provenance").resolve("run.json");
            if (Files.isRegularFile(run)) {
                readJson(dirOrZip, bundle.root(), run).path("params").fields()
                        .forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
            }
            Optional<RegistryProvenance> registry = Optional.empty();
            Path registryFile = bundle.root().resolve(RegistryProvenance.FILE);
            if (Files.isRegularFile(registryFile)) {
                registry = Optional.of(RegistryProvenance.fromJson(readJson(dirOrZip, bundle.root(), registryFile),
                        dirOrZip + ": " + RegistryProvenance.FILE));
            }
            return new BundleContents(dirOrZip, name, bundle.card(), bundle.checklist(), explanations, params, registry);
        }
    }

    private static JsonNode readJson(Path bundle, Path root, Path file) throws IOException {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException(bundle + ": " + root.relativize(file) + ": " + e.getMessage(), e);
        }
    }

    private static ExplanationSummary summarize(Path file, JsonNode json, String modelSha) {
        String name = file.getFileName().toString();
        if (json.isArray()) {
            List<String> signoffs = new ArrayList<>();
            for (JsonNode r : json) {
                String comment = r.path("comment").asText("");
                String problem = dev.handoff.bundle.review.SignOffCheck.problem(r,
                        modelSha == null || modelSha.isEmpty() ? null : modelSha);
                JsonNode result = r.at("/subject/result_sha256");
                signoffs.add(r.path("reviewer").asText("?") + ": " + r.path("decision").asText("?").toLowerCase(Locale.ROOT)
                        + " " + r.path("subject").path("method").asText("")
                        + (result.isTextual() ? " result sha256:" + result.asText().substring(0,
                                Math.min(12, result.asText().length())) : "")
                        + (comment.isBlank() ? "" : " (" + comment + ")")
                        + (problem == null ? "" : " [NOT VALID: " + problem + "]"));
            }
            return new ExplanationSummary(name, "sign-offs", json.size(), null,
                    signoffs.isEmpty() ? "no sign-offs" : String.join("; ", signoffs));
        }
        JsonNode residual = json.path("max_additivity_residual");
        List<String> top = new ArrayList<>();
        JsonNode global = json.path("global_importance");
        if (global.isArray() && !global.isEmpty()) {
            JsonNode first = global.get(0);
            List<JsonNode> entries = new ArrayList<>();
            first.path("entries").forEach(entries::add);
            entries.sort((a, b) -> Double.compare(Math.abs(b.path("value").asDouble()), Math.abs(a.path("value").asDouble())));
            for (JsonNode e : entries.subList(0, Math.min(5, entries.size()))) {
                top.add(String.format(Locale.ROOT, "%s %.4g", e.path("feature").asText(), e.path("value").asDouble()));
            }
            if (!top.isEmpty()) {
                top.set(0, first.path("kind").asText("importance") + ": " + top.get(0));
            }
        }
        return new ExplanationSummary(name, json.path("method").asText("?"), json.path("rows").size(),
                residual.isNumber() ? residual.asDouble() : null, String.join(", ", top));
    }

    /** One row of a bundle comparison. */
    public record DiffRow(String section, String key, String left, String right) {
        public boolean differs() {
            return !Objects.equals(left, right);
        }
    }

    /** Metrics (with intervals), run parameters and card fields of both bundles, side by side. */
    public static List<DiffRow> compare(BundleContents a, BundleContents b) {
        List<DiffRow> rows = new ArrayList<>();
        addAll(rows, "metric", metrics(a), metrics(b));
        addAll(rows, "param", a.params(), b.params());
        addAll(rows, "card", cardFields(a), cardFields(b));
        return rows;
    }

    private static void addAll(List<DiffRow> rows, String section, Map<String, String> left, Map<String, String> right) {
        Map<String, Boolean> keys = new LinkedHashMap<>();
        left.keySet().forEach(k -> keys.put(k, true));
        right.keySet().forEach(k -> keys.put(k, true));
        keys.keySet().stream().sorted().forEach(k -> rows.add(new DiffRow(section, k, left.get(k), right.get(k))));
    }

    private static Map<String, String> metrics(BundleContents c) {
        Map<String, String> out = new LinkedHashMap<>();
        c.card().map(ModelCard::quantitativeAnalysis).ifPresent(q -> q.performanceMetrics().forEach(m -> {
            String key = m.type() + (m.slice() == null || m.slice().isBlank() ? "" : " [" + m.slice() + "]");
            String ci = m.confidenceInterval() == null ? ""
                    : " (" + m.confidenceInterval().lowerBound() + " – " + m.confidenceInterval().upperBound() + ")";
            out.put(key, m.value() + ci);
        }));
        return out;
    }

    private static Map<String, String> cardFields(BundleContents c) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("bundle name", c.name());
        c.card().ifPresent(card -> {
            ModelCard.ModelDetails d = card.modelDetails();
            if (d != null) {
                out.put("name", d.name());
                out.put("overview", d.overview());
                out.put("version", d.version() == null ? null : d.version().name());
                out.put("licenses", String.join(", ", d.licenses().stream()
                        .map(l -> l.identifier() != null ? l.identifier() : l.customText()).toList()));
            }
            ModelCard.ModelParameters p = card.modelParameters();
            if (p != null) {
                out.put("architecture", p.modelArchitecture());
                out.put("input format", p.inputFormat());
                out.put("output format", p.outputFormat());
            }
        });
        return out;
    }
}
