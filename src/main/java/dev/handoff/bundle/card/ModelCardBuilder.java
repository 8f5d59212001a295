package dev.handoff.bundle.card;

import dev.handoff.bundle.card.ModelCard.ConfidenceInterval;
import dev.handoff.bundle.card.ModelCard.Dataset;
import dev.handoff.bundle.card.ModelCard.Description;
import dev.handoff.bundle.card.ModelCard.License;
import dev.handoff.bundle.card.ModelCard.Owner;
import dev.handoff.bundle.card.ModelCard.PerformanceMetric;
import dev.handoff.bundle.card.ModelCard.Risk;
import dev.handoff.bundle.fairness.GroupMetrics;
import dev.handoff.bundle.fairness.GroupStats;
import dev.handoff.bundle.fairness.Interval;
import dev.handoff.bundle.model.FeatureSchema;
import dev.handoff.bundle.model.TribuoProvenance;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.classification.evaluation.LabelEvaluation;
import org.tribuo.provenance.ModelProvenance;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Fills a {@link ModelCard} from what the machine knows — the Tribuo model and its provenance, an evaluation,
 * and the MLflow run — and leaves the human parts (overview wording, owners, uses, limitations, risks) to
 * setters the UI calls. Values that the machine fills can be overridden the same way.
 */
public final class ModelCardBuilder {
    private String name;
    private String overview;
    private String documentation;
    private final List<Owner> owners = new ArrayList<>();
    private ModelCard.Version version;
    private final List<License> licenses = new ArrayList<>();
    private String architecture;
    private final List<Dataset> data = new ArrayList<>();
    private final List<ModelCard.Reference> references = new ArrayList<>();
    private String inputFormat;
    private String outputFormat;
    private final List<PerformanceMetric> metrics = new ArrayList<>();
    private final List<Description> users = new ArrayList<>();
    private final List<Description> useCases = new ArrayList<>();
    private final List<Description> limitations = new ArrayList<>();
    private final List<Description> tradeoffs = new ArrayList<>();
    private final List<Risk> risks = new ArrayList<>();

    /** An empty builder. */
    public ModelCardBuilder() {
    }

    /**
     * A builder pre-filled from a Tribuo model: name, architecture (model class, trainer class and trainer
     * parameters from provenance), data sets with their SHA-256 resource hashes, input and output formats,
     * and a factual overview.
     */
    public static ModelCardBuilder fromModel(Model<?> model) {
        return fromModel(model, null);
    }

    /**
     * As {@link #fromModel(Model)}, with each training data set's {@code link} made portable: provenance records
     * the path on the training machine, and the card records instead the path relative to {@code projectDir} of the
     * file there with the same SHA-256 (e.g. {@code data/train.csv}); URLs other than {@code file:} are kept; an
     * absolute path that cannot be tied to a file of the project is left out (the name and hash remain).
     *
     * @param projectDir the project the run belongs to (the folder holding {@code mlruns/} or {@code mlflow.db}),
     *                   or null
     */
    public static ModelCardBuilder fromModel(Model<?> model, Path projectDir) {
        ModelProvenance provenance = model.getProvenance();
        FeatureSchema schema = FeatureSchema.of(model);
        ModelCardBuilder b = new ModelCardBuilder();
        b.name = model.getName();
        String trainerClass = provenance.getTrainerProvenance().getClassName();
        String params = TribuoProvenance.trainerParameters(provenance).entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
        b.architecture = model.getClass().getName() + " trained by " + trainerClass
                + (params.isEmpty() ? "" : " (" + params + ")");
        for (TribuoProvenance.DataSource source : TribuoProvenance.dataSources(provenance)) {
            String link = portableLink(source.location(), source.sha256(), projectDir);
            String description = ModelCard.TRAINING_DATA + " from " + source.className()
                    + (source.sha256() != null ? "; SHA-256 " + source.sha256() : "; no content hash recorded")
                    + "; " + provenance.getDatasetProvenance().getNumExamples() + " examples"
                    + (link == null && source.location() != null
                    ? "; its path on the training machine is not a file of this project, so no link is recorded" : "");
            String dataName = source.location() != null ? fileName(source.location()) : "training data";
            b.data.add(new Dataset(dataName, link, null, description));
        }
        b.inputFormat = schema.features().size() + " numeric features (float32 in ONNX) in Tribuo feature-id order: "
                + schema.features().stream().map(FeatureSchema.Feature::name).collect(Collectors.joining(", "));
        b.outputFormat = schema.outputType() + " over " + schema.outputs().size() + " outputs: "
                + String.join(", ", schema.outputs())
                + (model.generatesProbabilities() ? " (with probabilities)" : "");
        b.overview = model.getClass().getSimpleName() + " trained with Tribuo " + provenance.getTribuoVersion()
                + " on " + provenance.getDatasetProvenance().getNumExamples() + " examples at "
                + provenance.getTrainingTime() + ".";
        return b;
    }

    /** See {@link TribuoProvenance#portableLink}. */
    static String portableLink(String location, String sha256, Path projectDir) {
        return TribuoProvenance.portableLink(location, sha256, projectDir);
    }

    /**
     * Adds the data set the held-out metrics were computed on (Hugging Face's model-index files those metrics under
     * it, with this split).
     *
     * @param name  e.g. {@code test.csv}
     * @param link  a path relative to the project, or null
     * @param split e.g. {@code test}
     */
    public ModelCardBuilder evaluationData(String name, String link, String split, int rows, String sha256) {
        data.add(new Dataset(name, link, null, ModelCard.EVALUATION_DATA + " (split: " + split + "): " + rows
                + " held-out rows" + (sha256 != null ? "; SHA-256 " + sha256 : "")));
        return this;
    }

    private static String fileName(String location) {
        String trimmed = location.replace('\\', '/');
        int slash = trimmed.lastIndexOf('/');
        return slash >= 0 && slash < trimmed.length() - 1 ? trimmed.substring(slash + 1) : trimmed;
    }

    /**
     * Adds accuracy (with a 95% Wilson interval), macro-averaged F1, and per-label recall and precision
     * (with Wilson intervals) from a Tribuo classification evaluation.
     *
     * @param slice data slice the evaluation was run on, e.g. "test"
     */
    public ModelCardBuilder labelEvaluation(LabelEvaluation evaluation, String slice) {
        var confusion = evaluation.getConfusionMatrix();
        long total = Math.round(confusion.support());
        long correct = Math.round(evaluation.tp());
        addMetric("accuracy", Interval.wilson(correct, total), slice);
        addMetric("macro_f1", evaluation.macroAveragedF1(), slice, null, null);
        for (Label label : confusion.getDomain().getDomain()) {
            long tp = Math.round(confusion.tp(label));
            long fn = Math.round(confusion.fn(label));
            long fp = Math.round(confusion.fp(label));
            String labelSlice = (slice == null ? "" : slice + ", ") + "label=" + label.getLabel();
            addMetric("recall", Interval.wilson(tp, tp + fn), labelSlice);
            addMetric("precision", Interval.wilson(tp, tp + fp), labelSlice);
        }
        return this;
    }

    /**
     * Adds group fairness as sliced performance metrics, as the Model Card Toolkit schema intends: per group
     * {@code selection_rate}, {@code accuracy}, {@code true_positive_rate} and {@code false_positive_rate}, each with
     * its 95% Wilson interval and slice {@code <attribute>=<group>} (e.g. {@code group=B}); and the summary
     * {@code demographic_parity_difference}, {@code demographic_parity_ratio} and {@code equalized_odds_difference}
     * with slice {@code <attribute>} (no interval). Rates undefined in a group (no positives, say) are left out.
     */
    public ModelCardBuilder groupFairness(GroupMetrics fairness) {
        for (GroupStats g : fairness.groups()) {
            String slice = fairness.attribute() + "=" + g.group();
            addMetric("selection_rate", g.selectionRate(), slice);
            addMetric("accuracy", g.accuracy(), slice);
            addMetric("true_positive_rate", g.truePositiveRate(), slice);
            addMetric("false_positive_rate", g.falsePositiveRate(), slice);
        }
        addSummary("demographic_parity_difference", fairness.demographicParityDifference(), fairness.attribute());
        addSummary("demographic_parity_ratio", fairness.demographicParityRatio(), fairness.attribute());
        addSummary("equalized_odds_difference", fairness.equalizedOddsDifference(), fairness.attribute());
        return this;
    }

    private void addSummary(String type, double value, String slice) {
        if (!Double.isNaN(value)) {
            addMetric(type, value, slice, null, null);
        }
    }

    /** Adds a proportion metric with its Wilson interval (skipped when the proportion is undefined). */
    public ModelCardBuilder addMetric(String type, Interval proportion, String slice) {
        if (proportion.trials() > 0) {
            addMetric(type, proportion.value(), slice, proportion.lower(), proportion.upper());
        }
        return this;
    }

    /** Adds a metric; {@code lower}/{@code upper} may be null when there is no interval. */
    public ModelCardBuilder addMetric(String type, double value, String slice, Double lower, Double upper) {
        ConfidenceInterval ci = lower == null || upper == null ? null : new ConfidenceInterval(format(lower), format(upper));
        metrics.add(new PerformanceMetric(type, format(value), slice, ci));
        return this;
    }

    /**
     * Adds what an MLflow run knows: its metrics (slice {@code mlflow run <id>}), its parameters appended to the
     * architecture, and the version taken from the run id and the {@code mlflow.runName} tag.
     */
    public ModelCardBuilder runInfo(String runId, Map<String, String> params, Map<String, Double> runMetrics,
                                   Map<String, String> tags) {
        Objects.requireNonNull(runId, "runId");
        String slice = "mlflow run " + runId;
        new TreeMap<>(runMetrics).forEach((k, v) -> {
            if (v != null && Double.isFinite(v)) {
                addMetric(k, v, slice, null, null);
            }
        });
        if (!params.isEmpty()) {
            String joined = new TreeMap<>(params).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(", "));
            architecture = (architecture == null ? "" : architecture + "; ") + "run parameters: " + joined;
        }
        String runName = tags.get("mlflow.runName");
        version = new ModelCard.Version(runName != null ? runName + " (" + runId + ")" : runId,
                version != null ? version.date() : null, version != null ? version.diff() : null);
        return this;
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }

    public ModelCardBuilder name(String name) {
        this.name = name;
        return this;
    }

    public ModelCardBuilder overview(String overview) {
        this.overview = overview;
        return this;
    }

    public ModelCardBuilder documentation(String documentation) {
        this.documentation = documentation;
        return this;
    }

    public ModelCardBuilder owner(String ownerName, String contact) {
        owners.add(new Owner(ownerName, contact));
        return this;
    }

    public ModelCardBuilder version(String versionName, String date, String diff) {
        version = new ModelCard.Version(versionName, date, diff);
        return this;
    }

    /** Adds a license by SPDX identifier (e.g. {@code apache-2.0}). */
    public ModelCardBuilder license(String identifier) {
        licenses.add(new License(identifier, null));
        return this;
    }

    /** Adds a data set (e.g. an MLflow dataset input with its digest). */
    public ModelCardBuilder dataset(String datasetName, String link, String description) {
        data.add(new Dataset(datasetName, link, null, description));
        return this;
    }

    /** Adds a reference (e.g. the registered model URI {@code models:/name/3}). */
    public ModelCardBuilder reference(String reference) {
        references.add(new ModelCard.Reference(reference));
        return this;
    }

    /** Marks sensitive attributes on every data set. */
    public ModelCardBuilder sensitiveData(List<String> attributes) {
        data.replaceAll(d -> new Dataset(d.name(), d.link(), new ModelCard.SensitiveData(attributes), d.description()));
        return this;
    }

    public ModelCardBuilder user(String description) {
        users.add(new Description(description));
        return this;
    }

    public ModelCardBuilder useCase(String description) {
        useCases.add(new Description(description));
        return this;
    }

    public ModelCardBuilder limitation(String description) {
        limitations.add(new Description(description));
        return this;
    }

    public ModelCardBuilder tradeoff(String description) {
        tradeoffs.add(new Description(description));
        return this;
    }

    public ModelCardBuilder risk(String riskName, String mitigation) {
        risks.add(new Risk(riskName, mitigation));
        return this;
    }

    /** The card. */
    public ModelCard build() {
        List<License> licensesOrUnspecified = licenses.isEmpty()
                ? List.of(new License(null, ModelCard.LICENSE_UNSPECIFIED)) : licenses;
        return new ModelCard(ModelCard.SCHEMA_VERSION,
                new ModelCard.ModelDetails(name, overview, documentation, owners, version, licensesOrUnspecified,
                        references, List.of()),
                new ModelCard.ModelParameters(architecture, data, inputFormat, outputFormat),
                new ModelCard.QuantitativeAnalysis(metrics),
                new ModelCard.Considerations(users, useCases, limitations, tradeoffs, risks));
    }
}
