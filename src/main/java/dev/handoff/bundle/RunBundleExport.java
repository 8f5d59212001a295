package dev.handoff.bundle;

import dev.handoff.bundle.card.ModelCard;
import dev.handoff.bundle.card.ModelCardBuilder;
import dev.handoff.bundle.checklist.Checklist;
import dev.handoff.bundle.checklist.ExportPolicy;
import dev.handoff.bundle.fairness.GroupMetrics;
import dev.handoff.bundle.model.ModelArtifact;
import dev.handoff.bundle.review.ExplanationReview;
import dev.handoff.explain.Cancellation;
import dev.handoff.explain.ExplanationReport;
import dev.handoff.explain.ExplanationService;
import dev.handoff.explain.Explainers;
import dev.handoff.explain.FeatureTable;
import dev.handoff.explain.ProgressListener;
import dev.handoff.runs.Metric;
import dev.handoff.runs.Run;
import dev.handoff.runs.RunSource;
import dev.handoff.runs.SourceException;
import org.tribuo.CategoricalInfo;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.Model;
import org.tribuo.RealInfo;
import org.tribuo.VariableInfo;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.evaluation.LabelEvaluation;
import org.tribuo.classification.evaluation.LabelEvaluator;
import org.tribuo.impl.ArrayExample;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * Exports the deployment bundle of one MLflow run: its Tribuo model artifact (plus ONNX + MLmodel where exportable),
 * evaluation on held-out data, per-group fairness for a sensitive attribute, explanations (global importance and
 * attributions of sampled rows with their additivity residuals), the model card, the checklist and a manifest.
 * Without held-out data the evaluation, fairness and explanations are left out; each omission is a warning in
 * {@code bundle.json} and a limitation on the card, whose quantitative analysis then has the run's logged metrics only.
 */
public final class RunBundleExport {

    /** bundle.json {@code omitted} section names of an export without held-out data. */
    public static final String OMITTED_HELD_OUT_METRICS = "metrics.held_out";
    public static final String OMITTED_EXPLANATIONS = "explanations";
    public static final String OMITTED_FAIRNESS = "fairness";
    public static final String OMITTED_MONITORING = "monitoring";

    /**
     * @param modelArtifact   artifact path of the Tribuo model in the run, e.g. {@code model/model.tribuo}
     * @param heldOutCsv      labelled held-out rows (features by name, the label column, optionally the sensitive column),
     *                        or null: the bundle then has no held-out metrics, explanations or fairness, and says so
     * @param labelColumn     the CSV column with the true class (required with {@code heldOutCsv}, else ignored)
     * @param sensitiveColumn a CSV column for group fairness, or null (needs {@code heldOutCsv})
     * @param positiveLabel   the positive class (selection); null = {@link ExplanationService#defaultLabel}
     * @param explainRows     how many held-out rows to explain (sampled with {@code seed})
     * @param checklist       the signed-off checklist
     * @param policy          what outstanding required lines do to the export
     * @param signer          Ed25519 key pair to sign the manifest, or null
     * @param reviews         reviewers' sign-offs of the model's explanations; those on the bundled model's SHA-256 are
     *                        written to explanations/signoffs.json, any other is refused or warned of per {@code policy}
     * @param cardEdits       human-written card fields (owners, license, uses, limitations, ...), or null
     * @param reasonCodes     the reason-code table for reasons.json / reasons.html / monotonicity.json, or null: the
     *                        project's {@code reason-codes.yml} if any
     * @param adverseClass    the adverse class of the principal reasons, or null: the table's, else the model's default
     */
    public record Request(String runId, String modelArtifact, Path heldOutCsv, String labelColumn, String sensitiveColumn,
                          String positiveLabel, int explainRows, long seed, Checklist checklist, ExportPolicy policy,
                          KeyPair signer, List<ExplanationReview> reviews, CardEdits cardEdits, Path trainingCsv,
                          Path reasonCodes, String adverseClass) {
        /** A request with training data and the project's reason-code table. */
        public Request(String runId, String modelArtifact, Path heldOutCsv, String labelColumn, String sensitiveColumn,
                       String positiveLabel, int explainRows, long seed, Checklist checklist, ExportPolicy policy,
                       KeyPair signer, List<ExplanationReview> reviews, CardEdits cardEdits, Path trainingCsv) {
            this(runId, modelArtifact, heldOutCsv, labelColumn, sensitiveColumn, positiveLabel, explainRows, seed,
                    checklist, policy, signer, reviews, cardEdits, trainingCsv, null, null);
        }

        /** A request without training data: the reference profile is made from the held-out data alone. */
        public Request(String runId, String modelArtifact, Path heldOutCsv, String labelColumn, String sensitiveColumn,
                       String positiveLabel, int explainRows, long seed, Checklist checklist, ExportPolicy policy,
                       KeyPair signer, List<ExplanationReview> reviews, CardEdits cardEdits) {
            this(runId, modelArtifact, heldOutCsv, labelColumn, sensitiveColumn, positiveLabel, explainRows, seed,
                    checklist, policy, signer, reviews, cardEdits, null);
        }

        /** The same request with training data for the reference profile ({@code monitoring/reference_profile.json}). */
        public Request withTraining(Path training) {
            return new Request(runId, modelArtifact, heldOutCsv, labelColumn, sensitiveColumn, positiveLabel, explainRows,
                    seed, checklist, policy, signer, reviews, cardEdits, training, reasonCodes, adverseClass);
        }

        /**
         * The same request with a reason-code table file (null: the project's) and an adverse class (null: the
         * table's, else the model's default) for the principal reasons and the monotonicity check.
         */
        public Request withReasons(Path codes, String adverse) {
            return new Request(runId, modelArtifact, heldOutCsv, labelColumn, sensitiveColumn, positiveLabel, explainRows,
                    seed, checklist, policy, signer, reviews, cardEdits, trainingCsv, codes,
                    adverse == null || adverse.isBlank() ? null : adverse.strip());
        }

        public Request {
            Objects.requireNonNull(runId, "runId");
            Objects.requireNonNull(modelArtifact, "modelArtifact");
            if (heldOutCsv != null) {
                Objects.requireNonNull(labelColumn, "labelColumn");
            } else if (sensitiveColumn != null) {
                throw new IllegalArgumentException("sensitive column '" + sensitiveColumn
                        + "' needs held-out data: group fairness is computed on held-out rows");
            }
            Objects.requireNonNull(checklist, "checklist");
            Objects.requireNonNull(policy, "policy");
            reviews = List.copyOf(reviews == null ? List.of() : reviews);
            cardEdits = cardEdits == null ? CardEdits.NONE : cardEdits;
        }
    }

    /**
     * What people write on the model card, beside what is filled in from the run, model and evaluation. Blank values
     * and empty lists leave the generated card as it is.
     */
    public record CardEdits(String overview, String ownerName, String ownerContact, String license, List<String> users,
                            List<String> useCases, List<String> limitations, List<String> tradeoffs, List<String> risks) {
        public static final CardEdits NONE = new CardEdits(null, null, null, null, List.of(), List.of(), List.of(),
                List.of(), List.of());

        public CardEdits {
            users = clean(users);
            useCases = clean(useCases);
            limitations = clean(limitations);
            tradeoffs = clean(tradeoffs);
            risks = clean(risks);
        }

        private static List<String> clean(List<String> l) {
            return l == null ? List.of() : l.stream().filter(x -> x != null && !x.isBlank()).map(String::trim).toList();
        }

        void applyTo(ModelCardBuilder card) {
            if (overview != null && !overview.isBlank()) {
                card.overview(overview.trim());
            }
            if (ownerName != null && !ownerName.isBlank()) {
                card.owner(ownerName.trim(), ownerContact == null || ownerContact.isBlank() ? null : ownerContact.trim());
            }
            if (license != null && !license.isBlank()) {
                card.license(license.trim());
            }
            users.forEach(card::user);
            useCases.forEach(card::useCase);
            limitations.forEach(card::limitation);
            tradeoffs.forEach(card::tradeoff);
            // "risk: mitigation" or just the risk
            for (String r : risks) {
                int colon = r.indexOf(':');
                card.risk(colon < 0 ? r : r.substring(0, colon).trim(), colon < 0 ? null : r.substring(colon + 1).trim());
            }
        }
    }

    private RunBundleExport() {
    }

    /** Builds the bundle writer (nothing is written until {@code write} / {@code writeZip}). */
    public static BundleWriter prepare(RunSource source, Request request, ProgressListener progress, Cancellation cancel)
            throws IOException, SourceException {
        return prepare(source, request, null, progress, cancel);
    }

    /**
     * As {@link #prepare(RunSource, Request, ProgressListener, Cancellation)}, recording where the model stands in
     * MLflow ({@code registry}: registered model version, alias, logged model, datasets; null = read from the run) in
     * {@link RegistryProvenance#FILE} and on the card.
     */
    @SuppressWarnings("unchecked")
    public static BundleWriter prepare(RunSource source, Request request, RegistryProvenance registry,
                                       ProgressListener progress, Cancellation cancel) throws IOException, SourceException {
        progress.progress(0, 5, "Reading run " + request.runId());
        Run run = source.getRun(request.runId());
        ModelArtifact artifact = ModelArtifact.fromRun(source, request.runId(), request.modelArtifact(), run.displayName());
        Model<?> any = artifact.model();
        if (!any.validate(Label.class)) {
            throw new IllegalArgumentException("the model of run " + request.runId() + " is not a classifier");
        }
        Model<Label> model = (Model<Label>) any;
        cancel.check();

        Map<String, Object> runMetrics = new LinkedHashMap<>();
        Map<String, Double> runValues = new LinkedHashMap<>();
        for (Metric m : run.latestMetrics().values()) {
            runMetrics.put(m.key(), Map.of("value", m.value(), "step", m.step(), "timestamp", m.timestamp()));
            runValues.put(m.key(), m.value());
        }
        Map<String, Object> metrics = new LinkedHashMap<>();
        Path projectDir = projectDir(source);
        ModelCardBuilder card = ModelCardBuilder.fromModel(model, projectDir).name(run.displayName());
        BundleWriter writer = BundleWriter.named(run.displayName());
        if (request.heldOutCsv() != null) {
            withHeldOut(source, artifact, request, projectDir, progress, cancel, metrics, card, writer);
        } else {
            withoutHeldOut(artifact, run, metrics, card, writer);
        }
        monitoring(model, request, card, writer);
        cancel.check();
        metrics.put("run", Map.of("run_id", run.id(), "run_name", run.displayName(), "latest", runMetrics));

        progress.progress(4, 5, "Writing the card");
        card.runInfo(run.id(), run.params(), runValues, run.tags());
        RegistryProvenance where = registry != null ? registry
                : RegistryProvenance.ofRun(source, run.id(), request.modelArtifact());
        where.applyTo(card);
        request.cardEdits().applyTo(card);
        ModelCard built = card.build();

        writer.card(built)
                .checklist(request.checklist(), request.policy())
                .metrics(metrics)
                .signOffs(request.reviews(), artifact.sha256())
                .json("provenance/run.json", Map.of("run_id", run.id(), "experiment_id", run.info().experimentId(),
                        "source", source.describe(), "params", run.params(), "tags", run.tags()))
                .json(RegistryProvenance.FILE, where.toJson());
        if (request.signer() != null) {
            writer.signWith(request.signer().getPrivate(), request.signer().getPublic());
        }
        progress.progress(5, 5, "Ready to write");
        return writer;
    }

    /** Held-out evaluation, fairness and explanations; the first rows are the MLflow input example. */
    @SuppressWarnings("unchecked")
    private static void withHeldOut(RunSource source, ModelArtifact artifact, Request request, Path projectDir,
                                    ProgressListener progress,
                                    Cancellation cancel,
                                    Map<String, Object> metrics, ModelCardBuilder card, BundleWriter writer)
            throws IOException {
        Model<Label> model = (Model<Label>) artifact.model();
        progress.progress(1, 5, "Evaluating on " + request.heldOutCsv().getFileName());
        List<String> features = FeatureTable.modelFeatures(model);
        FeatureTable data = FeatureTable.fromCsv(request.heldOutCsv(), request.labelColumn(), features).alignTo(features);
        if (data.labels().isEmpty()) {
            throw new IllegalArgumentException(request.heldOutCsv() + ": no rows");
        }
        String positive = request.positiveLabel() == null ? ExplanationService.defaultLabel(model) : request.positiveLabel();
        List<Prediction<Label>> predictions = new ArrayList<>(data.numRows());
        for (int r = 0; r < data.numRows(); r++) {
            ArrayExample<Label> ex = new ArrayExample<>(new Label(data.labels().get(r)));
            double[] row = data.row(r);
            for (int c = 0; c < row.length; c++) {
                if (!Double.isNaN(row[c])) {
                    ex.add(features.get(c), row[c]);
                }
            }
            predictions.add(model.predict(ex));
        }
        LabelEvaluation evaluation = new LabelEvaluator().evaluate(model, predictions, model.getProvenance().getDatasetProvenance());
        Map<String, Object> heldOut = new LinkedHashMap<>();
        heldOut.put("data", request.heldOutCsv().getFileName().toString());
        heldOut.put("rows", data.numRows());
        heldOut.put("accuracy", evaluation.accuracy());
        heldOut.put("macro_f1", evaluation.macroAveragedF1());
        if (model.generatesProbabilities()) {
            heldOut.put("auc_" + positive, evaluation.AUCROC(new Label(positive)));
        }
        metrics.put("held_out", heldOut);
        cancel.check();

        List<GroupMetrics> fairness = new ArrayList<>();
        if (request.sensitiveColumn() != null) {
            List<String> groups = FeatureTable.readColumn(request.heldOutCsv(), request.sensitiveColumn());
            fairness.add(GroupMetrics.fromPredictions(request.sensitiveColumn(), positive, predictions, groups));
        }

        progress.progress(2, 5, "Explaining");
        List<Integer> sample = sampleRows(data.numRows(), request.explainRows(), request.seed());
        Explainers.Options options = new Explainers.Options(20, 0, 1000, request.seed());
        ExplanationService.Request localRequest = new ExplanationService.Request(ExplanationService.Kind.AUTO, positive,
                sample, options, 5);
        if (ExplanationService.needsCovers(model, ExplanationService.Kind.AUTO)) {
            // CART covers from the run's training data, so the bundle's attributions do not depend on the held-out file
            var found = dev.handoff.bundle.model.TrainingData.find(source, request.runId(), model, projectDir);
            localRequest = localRequest.withCovers(found.isPresent()
                    ? dev.handoff.bundle.model.TrainingData.read(found.get(), features)
                    : dev.handoff.explain.ReferenceData.explainedData(data, request.heldOutCsv().getFileName().toString(),
                    dev.handoff.bundle.io.Digests.sha256Hex(request.heldOutCsv())));
        }
        ExplanationReport local = ExplanationService.run(model, data, localRequest, ProgressListener.NONE, cancel);
        progress.progress(3, 5, "Permutation importance");
        ExplanationReport permutation = ExplanationService.run(model, data,
                new ExplanationService.Request(ExplanationService.Kind.PERMUTATION, positive, List.of(), options, 5), ProgressListener.NONE, cancel);
        ExplanationReport intrinsic = ExplanationService.run(model, data,
                new ExplanationService.Request(ExplanationService.Kind.INTRINSIC, positive, List.of(), options, 1), ProgressListener.NONE, cancel);

        String heldOutName = request.heldOutCsv().getFileName().toString();
        card.evaluationData(heldOutName, relativeTo(projectDir, request.heldOutCsv()), "test", data.numRows(),
                dev.handoff.bundle.io.Digests.sha256Hex(request.heldOutCsv()));
        card.labelEvaluation(evaluation, "held-out " + heldOutName);
        if (request.sensitiveColumn() != null) {
            card.sensitiveData(List.of(request.sensitiveColumn()));
        }
        fairness.forEach(card::groupFairness);

        float[][] example = new float[Math.min(5, data.numRows())][];
        for (int r = 0; r < example.length; r++) {
            double[] row = data.row(r);
            example[r] = new float[row.length];
            for (int c = 0; c < row.length; c++) {
                example[r][c] = (float) row[c];
            }
        }
        writer.model(artifact, example, "the first " + example.length + " rows of " + request.heldOutCsv().getFileName())
                .fairness(fairness)
                .explanations("local", local)
                .explanations("permutation", permutation)
                .explanations("intrinsic", intrinsic);
        reasons(source, request, projectDir, model, artifact, local, data, writer);
        CohortsExport.addTo(writer, model, data, request.heldOutCsv(), request.sensitiveColumn(), positive, cancel);
    }

    /** bundle.json {@code omitted} name when no principal reasons could be computed. */
    public static final String OMITTED_REASONS = "explanations.reasons";

    /** bundle.json section recording the reason-code table and adverse class the reasons were computed with. */
    public static final String REASONS_SECTION = "reasons";

    /**
     * {@code explanations/reasons.json} and the printable {@code reasons.html}: the principal reasons of the explained
     * rows that are adverse decisions, with the request's reason-code table, else the project's
     * {@code reason-codes.yml} (warned of when there is none), and the request's adverse class if given. bundle.json's
     * {@value #REASONS_SECTION} section names the table (file name, SHA-256, where it came from) and the adverse class.
     *
     * @throws IOException              naming the request's table file when it cannot be read
     * @throws IllegalArgumentException naming the file or the class when the table or the adverse class is invalid
     */
    private static void reasons(RunSource source, Request request, Path projectDir, Model<Label> model,
                                ModelArtifact artifact, ExplanationReport local, FeatureTable data,
                                BundleWriter writer) throws IOException {
        dev.handoff.explain.ReasonCodeTable given = request.reasonCodes() == null ? null : readTable(request.reasonCodes());
        if (request.adverseClass() != null) {
            try {
                dev.handoff.explain.PrincipalReasons.adverseClass(model, given, request.adverseClass());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("adverse class '" + request.adverseClass() + "': " + e.getMessage(), e);
            }
        }
        try {
            dev.handoff.explain.ReasonCodeTable table = given != null ? given : dev.handoff.explain.ReasonCodeTable
                    .find(java.util.Arrays.asList(projectDir)).orElse(null);
            var found = dev.handoff.bundle.model.TrainingData.find(source, request.runId(), model, projectDir);
            FeatureTable training = found.isPresent()
                    ? dev.handoff.bundle.model.TrainingData.read(found.get(), FeatureTable.modelFeatures(model)).table()
                    : data;
            dev.handoff.explain.PrincipalReasons.Report reasons = dev.handoff.explain.PrincipalReasons.of(model, local,
                    table, request.adverseClass(), dev.handoff.explain.PrincipalReasons.DEFAULT_MAX, training);
            writer.explanations(ReasonsNotice.JSON_NAME, reasons)
                    .bytes(ReasonsNotice.HTML, ReasonsNotice.html(reasons, artifact.sha256()));
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("reason_codes", table == null ? null : Path.of(table.source()).getFileName().toString());
            meta.put("reason_codes_sha256", table == null ? null : table.sha256());
            meta.put("reason_codes_from", given != null ? "--reason-codes" : table != null ? "project" : "none");
            meta.put("adverse_class", reasons.adverseClass());
            meta.put("adverse_class_from", request.adverseClass() != null ? "--adverse-class"
                    : table != null && table.adverseClass() != null ? "reason-code table" : "model default");
            writer.section(new BundleSection() {
                @Override
                public String name() {
                    return REASONS_SECTION;
                }

                @Override
                public Map<String, Object> write(Path bundleDir) {
                    return meta;
                }
            });
            MonotonicityExport.addTo(writer, model, local, table, reasons.adverseClass(), training,
                    request.checklist());
        } catch (IllegalArgumentException e) {
            writer.omitted(OMITTED_REASONS, "no principal reasons: " + e.getMessage());
        }
    }

    /** A reason-code table file given for the export; errors name it. */
    private static dev.handoff.explain.ReasonCodeTable readTable(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new java.nio.file.NoSuchFileException(file.toString(), null, "no such reason-code table");
        }
        try {
            return dev.handoff.explain.ReasonCodeTable.read(file);
        } catch (IOException e) {
            throw new IOException(file + ": not a readable reason-code table: " + e.getMessage(), e);
        }
    }

    /**
     * The reference profile for drift monitoring ({@link MonitoringExport}), from the training and/or held-out data;
     * without either it is omitted, and said so.
     */
    private static void monitoring(Model<Label> model, Request request, ModelCardBuilder card, BundleWriter writer)
            throws IOException {
        if (request.trainingCsv() == null && request.heldOutCsv() == null) {
            writer.omitted(OMITTED_MONITORING, "no training or held-out data was given; "
                    + MonitoringExport.PATH + " (the drift reference profile) is not written");
            return;
        }
        String positive = request.positiveLabel() == null ? ExplanationService.defaultLabel(model) : request.positiveLabel();
        String label = request.labelColumn();
        MonitoringExport export = MonitoringExport.profile(model, request.trainingCsv(), request.heldOutCsv(), label,
                positive, request.sensitiveColumn());
        export.addTo(writer);
    }

    /** No held-out data: the data-dependent sections are left out, each recorded in bundle.json and on the card. */
    private static void withoutHeldOut(ModelArtifact artifact, Run run, Map<String, Object> metrics,
                                       ModelCardBuilder card, BundleWriter writer) {
        String noData = "no held-out data was given";
        writer.model(artifact, new float[][]{trainingMeans(artifact.model())},
                        "one row of the training means of each feature (Tribuo feature map); no held-out data was given")
                .omitted(OMITTED_HELD_OUT_METRICS, noData + "; metrics/metrics.json has the run's logged metrics only")
                .omitted(OMITTED_EXPLANATIONS, noData + "; explanations/ has no local, permutation or intrinsic reports")
                .omitted(OMITTED_FAIRNESS, noData + "; fairness/fairness.json is not written");
        card.limitation("Not evaluated on held-out data for this bundle: the quantitative analysis lists only the metrics"
                        + " logged to MLflow run " + run.id() + " (slice 'mlflow run " + run.id() + "'), without confidence intervals.")
                .limitation("No explanations (feature attributions or importance) were computed for this bundle.")
                .limitation("No group fairness metrics were computed for this bundle.");
    }

    /**
     * One row with each feature's training mean, in feature-id order: an in-distribution MLflow input example that
     * matches the model's tensor signature (float32, one column per feature) without any held-out rows.
     */
    static float[] trainingMeans(Model<?> model) {
        ImmutableFeatureMap map = model.getFeatureIDMap();
        float[] row = new float[map.size()];
        for (int id = 0; id < map.size(); id++) {
            VariableInfo info = map.get(id);
            double mean = info instanceof RealInfo real ? real.getMean()
                    : info instanceof CategoricalInfo categorical ? categorical.generateRealInfo().getMean() : 0.0;
            row[id] = Double.isFinite(mean) ? (float) mean : 0f;
        }
        return row;
    }

    /** The project a local store belongs to: the folder holding {@code mlruns/} or {@code mlflow.db}; else null. */
    public static Path projectDir(RunSource source) {
        if (source instanceof dev.handoff.runs.source.file.FileStoreSource files) {
            return files.root().toAbsolutePath().normalize().getParent();
        }
        if (source instanceof dev.handoff.runs.source.sqlite.SqliteStoreSource sqlite) {
            return sqlite.database().getParent();
        }
        return null;
    }

    /** {@code file} relative to {@code projectDir} with {@code /} separators when inside it, else null. */
    static String relativeTo(Path projectDir, Path file) {
        if (projectDir == null) {
            return null;
        }
        Path absolute = file.toAbsolutePath().normalize();
        if (!absolute.startsWith(projectDir)) {
            return null;
        }
        return projectDir.relativize(absolute).toString().replace('\\', '/');
    }

    static List<Integer> sampleRows(int numRows, int count, long seed) {
        List<Integer> all = new ArrayList<>(numRows);
        for (int i = 0; i < numRows; i++) {
            all.add(i);
        }
        java.util.Collections.shuffle(all, new Random(seed));
        List<Integer> out = new ArrayList<>(all.subList(0, Math.min(Math.max(0, count), numRows)));
        out.sort(Integer::compare);
        return out;
    }
}
