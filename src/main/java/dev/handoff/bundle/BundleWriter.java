package dev.handoff.bundle;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.handoff.bundle.card.ModelCard;
import dev.handoff.bundle.card.ModelCardJson;
import dev.handoff.bundle.card.ModelCardRenderer;
import dev.handoff.bundle.checklist.Checklist;
import dev.handoff.bundle.checklist.ChecklistLine;
import dev.handoff.bundle.review.ExplanationReview;
import dev.handoff.bundle.checklist.ChecklistIo;
import dev.handoff.bundle.checklist.ExportPolicy;
import dev.handoff.bundle.fairness.GroupMetrics;
import dev.handoff.bundle.io.AtomicFiles;
import dev.handoff.bundle.io.SafeZip;
import dev.handoff.bundle.manifest.BundleManifest;
import dev.handoff.bundle.manifest.Dsse;
import dev.handoff.bundle.manifest.Ed25519Keys;
import dev.handoff.bundle.model.MlflowOnnxExporter;
import dev.handoff.bundle.model.OnnxExport;
import dev.handoff.bundle.model.PythonEnvironment;
import dev.handoff.bundle.model.ModelArtifact;
import dev.handoff.bundle.model.TribuoModelFiles;
import org.tribuo.Model;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Builds a deployment bundle from sections, then writes the manifest (and its signature).
 *
 * <p>The bundle is assembled in a temporary directory beside the target and renamed into place in one
 * step, so an interrupted or failed export never leaves a partial bundle at the target path. A zip is
 * written the same way (temporary file, then rename). The checklist's {@link ExportPolicy} is applied
 * before anything is written.
 *
 * <pre>{@code
 * BundleWriter.named("credit-risk")
 *     .model(model, exampleRows)
 *     .card(card)
 *     .checklist(checklist, ExportPolicy.REFUSE)
 *     .json("explanations/shap.json", shapSummary)
 *     .signWith(privateKey, publicKey)
 *     .write(target);
 * }</pre>
 */
public final class BundleWriter {
    /** Value of {@code format} in {@code bundle.json}. */
    public static final String FORMAT = "handoff-bundle/1";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final String name;
    private final List<BundleSection> sections = new ArrayList<>();
    private Checklist checklist;
    private ExportPolicy policy = ExportPolicy.REFUSE;
    private PrivateKey signingKey;
    private PublicKey signingPublicKey;
    private Clock clock = Clock.systemUTC();
    private PythonEnvironment pythonEnvironment = PythonEnvironment.defaults();
    private boolean replaceExisting;
    private final Map<String, String> omitted = new LinkedHashMap<>();
    private final List<String> signOffProblems = new ArrayList<>();
    private final List<String> findings = new ArrayList<>();

    /** The result of an export. */
    public record Result(Path path, BundleManifest manifest, boolean signed, List<String> warnings) {
        public Result {
            warnings = List.copyOf(warnings);
        }
    }

    private BundleWriter(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("bundle name must not be blank");
        }
        this.name = name;
    }

    /** A writer for a bundle called {@code name} (the subject name of the manifest). */
    public static BundleWriter named(String name) {
        return new BundleWriter(name);
    }

    public BundleWriter clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock);
        return this;
    }

    public BundleWriter pythonEnvironment(PythonEnvironment environment) {
        this.pythonEnvironment = Objects.requireNonNull(environment);
        return this;
    }

    /** Whether an existing bundle at the target may be replaced (default: refuse). */
    public BundleWriter replaceExisting(boolean replace) {
        this.replaceExisting = replace;
        return this;
    }

    /** Adds the model: Tribuo protobuf, provenance and feature schema; ONNX + MLflow model when exportable. */
    public BundleWriter model(Model<?> model) {
        return model(model, null);
    }

    /**
     * Adds the model with input example rows for MLflow ({@code null}: one row of zeros).
     * A model Tribuo cannot export to ONNX is recorded as such under {@code onnx} in {@code bundle.json}.
     */
    public BundleWriter model(Model<?> model, float[][] exampleRows) {
        return model(model, exampleRows, exampleRows == null ? "one row of zeros" : exampleRows.length + " given rows");
    }

    /**
     * Adds the model with input example rows for MLflow and a note on where they come from (recorded as
     * {@code input_example} under {@code onnx} in {@code bundle.json} when the model is exported).
     */
    public BundleWriter model(Model<?> model, float[][] exampleRows, String exampleSource) {
        return model(model, null, exampleRows, exampleSource);
    }

    /**
     * Adds the model as stored in the run: {@code model.tribuo} is the artifact's bytes, copied byte for byte, so its
     * SHA-256 (recorded as {@code model_sha256} under {@code tribuo} in {@code bundle.json}) ties the bundle to the
     * run and to the sign-offs that name it.
     */
    public BundleWriter model(ModelArtifact artifact, float[][] exampleRows, String exampleSource) {
        return model(artifact.model(), artifact, exampleRows, exampleSource);
    }

    private BundleWriter model(Model<?> model, ModelArtifact stored, float[][] exampleRows, String exampleSource) {
        Objects.requireNonNull(model, "model");
        sections.add(section("tribuo", dir -> {
            Map<String, Object> meta = new LinkedHashMap<>();
            if (stored == null) {
                TribuoModelFiles.write(model, dir.resolve(BundleLayout.TRIBUO_DIR));
            } else {
                TribuoModelFiles.write(stored, dir.resolve(BundleLayout.TRIBUO_DIR));
                meta.put("model_sha256", stored.sha256());
                meta.put("model_source", stored.ref());
            }
            meta.put("model_class", model.getClass().getName());
            meta.put("model", BundleLayout.TRIBUO_DIR + "/" + TribuoModelFiles.MODEL_FILE);
            meta.put("provenance", BundleLayout.TRIBUO_DIR + "/" + TribuoModelFiles.PROVENANCE_FILE);
            meta.put("feature_schema", BundleLayout.TRIBUO_DIR + "/" + TribuoModelFiles.SCHEMA_FILE);
            return meta;
        }));
        sections.add(section("onnx", dir -> {
            MlflowOnnxExporter exporter = new MlflowOnnxExporter(pythonEnvironment, "dev.handoff", 1, clock);
            OnnxExport export = exporter.export(model, dir.resolve(BundleLayout.MLFLOW_DIR), exampleRows);
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("exported", export.exported());
            if (export.exported()) {
                meta.put("mlflow_model", BundleLayout.MLFLOW_DIR);
                meta.put("input_name", export.inputName());
                meta.put("output_names", export.outputNames());
                meta.put("num_features", export.numFeatures());
                meta.put("num_outputs", export.numOutputs());
                if (exampleSource != null) {
                    meta.put("input_example", exampleSource);
                }
            } else {
                meta.put("reason", export.reason());
            }
            return meta;
        }));
        return this;
    }

    /** Adds the model card as JSON, Markdown (Hugging Face front matter) and HTML. */
    public BundleWriter card(ModelCard card) {
        Objects.requireNonNull(card, "card");
        sections.add(section("card", dir -> {
            boolean hasMlflow = Files.exists(dir.resolve(BundleLayout.MLFLOW_DIR).resolve(MlflowOnnxExporter.MLMODEL));
            ModelCardRenderer renderer = ModelCardRenderer.tabularClassification(
                    BundleLayout.TRIBUO_DIR + "/" + TribuoModelFiles.MODEL_FILE, hasMlflow ? BundleLayout.MLFLOW_DIR : null);
            // the monitoring section, when added before the card, puts its plan on the card
            renderer = MonitoringExport.cardSection(dir).map(renderer::withMonitoring).orElse(renderer);
            ModelCardJson.write(card, dir.resolve(BundleLayout.CARD_JSON));
            AtomicFiles.writeString(dir.resolve(BundleLayout.CARD_MARKDOWN), renderer.markdown(card));
            AtomicFiles.writeString(dir.resolve(BundleLayout.CARD_HTML), renderer.html(card));
            return Map.of("json", BundleLayout.CARD_JSON, "markdown", BundleLayout.CARD_MARKDOWN,
                    "html", BundleLayout.CARD_HTML);
        }));
        return this;
    }

    /** Adds the signed-off checklist; {@code policy} decides what outstanding required lines do to the export. */
    public BundleWriter checklist(Checklist checklist, ExportPolicy policy) {
        this.checklist = Objects.requireNonNull(checklist, "checklist");
        this.policy = Objects.requireNonNull(policy, "policy");
        sections.add(section("checklist", dir -> {
            ChecklistIo.save(checklist, dir.resolve(BundleLayout.CHECKLIST));
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("file", BundleLayout.CHECKLIST);
            meta.put("policy", policy.name());
            meta.put("outstanding_required", checklist.outstandingRequired().stream().map(l -> l.lineId()).toList());
            return meta;
        }));
        return this;
    }

    /** Adds evaluation metrics (any JSON-serializable value) as {@code metrics/metrics.json}. */
    public BundleWriter metrics(Object metrics) {
        return json(BundleLayout.METRICS, metrics);
    }

    /** Adds group fairness results as {@code fairness/fairness.json}. */
    public BundleWriter fairness(List<GroupMetrics> fairness) {
        return json(BundleLayout.FAIRNESS, List.copyOf(fairness));
    }

    /** Adds an explanation result (any JSON-serializable value) as {@code explanations/<name>.json}. */
    public BundleWriter explanations(String name, Object explanation) {
        return json(BundleLayout.EXPLANATIONS_DIR + "/" + name + ".json", explanation);
    }

    /**
     * Adds reviewers' sign-offs as {@code explanations/signoffs.json}. A sign-off must name the bundled model: one
     * whose model SHA-256 is not {@code modelSha256} (or that names no digest) refuses the export under
     * {@link ExportPolicy#REFUSE} and is a warning naming the sign-off under {@link ExportPolicy#WARN}; it is never
     * written to the bundle, so every bundled sign-off names the bundled model.
     */
    public BundleWriter signOffs(List<ExplanationReview> reviews, String modelSha256) {
        Objects.requireNonNull(modelSha256, "modelSha256");
        List<ExplanationReview> onThisModel = new ArrayList<>();
        for (ExplanationReview r : reviews) {
            if (r.modelSha256() == null) {
                signOffProblems.add("sign-off " + r.describe() + " names no model digest: it cannot be tied to the"
                        + " bundled model sha256:" + modelSha256 + "; it is not bundled");
            } else if (!r.modelSha256().equalsIgnoreCase(modelSha256)) {
                signOffProblems.add("sign-off " + r.describe() + " reviewed model sha256:" + r.modelSha256()
                        + ", not the bundled model sha256:" + modelSha256 + "; it is not bundled");
            } else {
                onThisModel.add(r);
            }
        }
        return explanations("signoffs", List.copyOf(onThisModel));
    }

    /** Adds any JSON-serializable value at a bundle-relative path. */
    public BundleWriter json(String relativePath, Object value) {
        String path = BundleLayout.checkRelativePath(relativePath);
        sections.add(section(path, dir -> {
            AtomicFiles.write(target(dir, path), out -> JSON.writeValue(new NonClosing(out), value));
            return Map.of("file", path);
        }));
        return this;
    }

    /** Copies an arbitrary file into the bundle. */
    public BundleWriter file(String relativePath, Path source) {
        String path = BundleLayout.checkRelativePath(relativePath);
        sections.add(section(path, dir -> {
            AtomicFiles.write(target(dir, path), out -> Files.copy(source, out));
            return Map.of("file", path);
        }));
        return this;
    }

    /** Adds arbitrary bytes as a file. */
    public BundleWriter bytes(String relativePath, byte[] content) {
        String path = BundleLayout.checkRelativePath(relativePath);
        byte[] copy = content.clone();
        sections.add(section(path, dir -> {
            AtomicFiles.writeBytes(target(dir, path), copy);
            return Map.of("file", path);
        }));
        return this;
    }

    /** Adds a custom section. */
    public BundleWriter section(BundleSection section) {
        sections.add(Objects.requireNonNull(section));
        return this;
    }

    /**
     * Records that a section is left out of this bundle and why, e.g. held-out metrics when no held-out data was
     * given. It is listed under {@code omitted} in {@code bundle.json} and as a warning ({@code bundle.json}
     * {@code warnings} and {@link Result#warnings()}).
     */
    public BundleWriter omitted(String section, String reason) {
        if (section == null || section.isBlank() || reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("an omitted section needs a name and a reason");
        }
        if (omitted.putIfAbsent(section, reason) != null) {
            throw new IllegalStateException("section '" + section + "' is already recorded as omitted");
        }
        return this;
    }

    /**
     * Records a finding a reviewer must see, e.g. a violated monotonicity constraint: a warning in {@code bundle.json}
     * and {@link Result#warnings()}, after the omitted sections; it never refuses the export by itself.
     */
    public BundleWriter warning(String finding) {
        if (finding == null || finding.isBlank()) {
            throw new IllegalArgumentException("a warning needs a text");
        }
        findings.add(finding);
        return this;
    }

    /**
     * Signs the manifest: with an ECDSA P-256 key (the default, {@code handoff keys}) as a Sigstore bundle
     * {@code model.sig}; with an Ed25519 key (older bundles) as the DSSE envelope {@code manifest.dsse.json}.
     */
    public BundleWriter signWith(PrivateKey privateKey, PublicKey publicKey) {
        this.signingKey = Objects.requireNonNull(privateKey);
        this.signingPublicKey = Objects.requireNonNull(publicKey);
        return this;
    }

    /**
     * Writes the bundle directory at {@code target} atomically.
     *
     * @throws ExportRefusedException if the policy is {@link ExportPolicy#REFUSE} and required lines are outstanding
     * @throws FileAlreadyExistsException if {@code target} exists and replacing was not allowed
     */
    public Result write(Path target) throws IOException {
        Path absolute = target.toAbsolutePath().normalize();
        List<String> warnings = checkPolicy();
        if (Files.exists(absolute, LinkOption.NOFOLLOW_LINKS) && !replaceExisting) {
            throw new FileAlreadyExistsException(absolute.toString(), null, "bundle target exists");
        }
        Files.createDirectories(absolute.getParent());
        Path temp = Files.createTempDirectory(absolute.getParent(), "." + absolute.getFileName() + ".tmp-");
        try {
            Result built = build(temp, warnings);
            publishDirectory(temp, absolute);
            return new Result(absolute, built.manifest(), built.signed(), built.warnings());
        } finally {
            AtomicFiles.deleteRecursively(temp);
        }
    }

    /** Writes the bundle as a zip at {@code zipFile} (built in a temporary directory, zipped to a temporary file, renamed). */
    public Result writeZip(Path zipFile) throws IOException {
        Path absolute = zipFile.toAbsolutePath().normalize();
        List<String> warnings = checkPolicy();
        if (Files.exists(absolute, LinkOption.NOFOLLOW_LINKS) && !replaceExisting) {
            throw new FileAlreadyExistsException(absolute.toString(), null, "bundle target exists");
        }
        Files.createDirectories(absolute.getParent());
        Path temp = Files.createTempDirectory(absolute.getParent(), "." + absolute.getFileName() + ".tmp-");
        try {
            Result built = build(temp, warnings);
            SafeZip.zipDirectory(temp, absolute);
            return new Result(absolute, built.manifest(), built.signed(), built.warnings());
        } finally {
            AtomicFiles.deleteRecursively(temp);
        }
    }

    private List<String> checkPolicy() throws ExportRefusedException {
        List<String> warnings = new ArrayList<>();
        // what the bundle lacks first, then the checklist lines
        omitted.forEach((section, reason) -> warnings.add("omitted " + section + ": " + reason));
        warnings.addAll(findings);
        List<ChecklistLine> outstanding = List.of();
        List<String> problems = new ArrayList<>();
        if (checklist != null) {
            ExportPolicy.Decision decision = policy.evaluate(checklist);
            outstanding = decision.outstanding();
            problems.addAll(decision.messages());
        }
        problems.addAll(signOffProblems);
        if (policy == ExportPolicy.REFUSE && !problems.isEmpty()) {
            throw new ExportRefusedException(outstanding, problems);
        }
        warnings.addAll(problems);
        return warnings;
    }

    private Result build(Path dir, List<String> warnings) throws IOException {
        Set<String> names = new HashSet<>();
        Map<String, Object> sectionMeta = new LinkedHashMap<>();
        for (BundleSection section : sections) {
            if (!names.add(section.name())) {
                throw new IllegalStateException("two bundle sections are named '" + section.name() + "'");
            }
            sectionMeta.put(section.name(), section.write(dir));
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("format", FORMAT);
        metadata.put("name", name);
        metadata.put("created", clock.instant().toString());
        metadata.put("sections", sectionMeta);
        List<Map<String, String>> omittedMeta = new ArrayList<>();
        omitted.forEach((section, reason) -> omittedMeta.add(Map.of("section", section, "reason", reason)));
        metadata.put("omitted", omittedMeta);
        metadata.put("warnings", warnings);
        AtomicFiles.writeBytes(dir.resolve(BundleLayout.METADATA), JSON.writeValueAsBytes(metadata));

        BundleManifest manifest = BundleManifest.compute(name, dir, BundleLayout.MANIFEST_FILES);
        byte[] statement = manifest.toStatementJson();
        AtomicFiles.writeBytes(dir.resolve(BundleLayout.STATEMENT), statement);
        boolean signed = signingKey != null;
        if (signed) {
            try {
                if (dev.handoff.bundle.manifest.EcKeys.isEc(signingKey)) {
                    AtomicFiles.writeBytes(dir.resolve(BundleLayout.SIGSTORE_SIGNATURE),
                            dev.handoff.bundle.manifest.SigstoreBundle.sign(statement, signingKey, signingPublicKey));
                } else {
                    Dsse.Envelope envelope = Dsse.sign(BundleManifest.PAYLOAD_TYPE, statement, signingKey,
                            Ed25519Keys.keyId(signingPublicKey));
                    AtomicFiles.writeBytes(dir.resolve(BundleLayout.SIGNATURE), Dsse.toJson(envelope));
                }
            } catch (GeneralSecurityException e) {
                throw new IOException("cannot sign bundle manifest: " + e.getMessage(), e);
            }
        }
        return new Result(dir, manifest, signed, warnings);
    }

    /** Moves the finished temp directory into place; an existing bundle is swapped out only when allowed. */
    private void publishDirectory(Path temp, Path target) throws IOException {
        Path old = null;
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            old = target.resolveSibling("." + target.getFileName() + ".old-" + System.nanoTime());
            Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
        }
        try {
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target);
            }
        } catch (IOException e) {
            if (old != null) {
                Files.move(old, target, StandardCopyOption.ATOMIC_MOVE);
            }
            throw e;
        }
        if (old != null) {
            AtomicFiles.deleteRecursively(old);
        }
    }

    private static Path target(Path dir, String relativePath) throws IOException {
        Path file = dir.resolve(relativePath).normalize();
        if (!file.startsWith(dir)) {
            throw new IOException("bundle path escapes the bundle: " + relativePath);
        }
        Files.createDirectories(file.getParent());
        return file;
    }

    private interface SectionBody {
        Map<String, Object> write(Path bundleDir) throws IOException;
    }

    private static BundleSection section(String name, SectionBody body) {
        return new BundleSection() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Map<String, Object> write(Path bundleDir) throws IOException {
                return body.write(bundleDir);
            }
        };
    }

    /** Keeps Jackson from closing the atomic writer's stream. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(java.io.OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
