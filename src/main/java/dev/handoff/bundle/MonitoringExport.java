package dev.handoff.bundle;

import dev.handoff.bundle.card.ModelCardRenderer;
import dev.handoff.bundle.checklist.DefaultLineIds;
import dev.handoff.drift.MonitoringPlan;
import dev.handoff.drift.ReferenceProfile;
import dev.handoff.drift.ReferenceProfiler;
import dev.handoff.drift.ReferenceProfiles;
import dev.handoff.drift.TribuoScorer;
import dev.handoff.explain.FeatureTable;
import org.tribuo.Model;
import org.tribuo.classification.Label;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;

/**
 * The bundle's drift baseline: {@code monitoring/reference_profile.json} (see {@link ReferenceProfile}), written like
 * every other JSON file of the bundle (temporary file, then rename) and covered by the manifest. Its monitoring plan
 * is the evidence the checklist's concept-drift line ({@link DefaultLineIds#CONCEPT_DRIFT}) can cite.
 */
public record MonitoringExport(ReferenceProfile profile) {
    public static final String PATH = ReferenceProfiles.BUNDLE_PATH;
    /** What the concept-drift checklist line can cite as evidence. */
    public static final String EVIDENCE = PATH + "#plan";

    /** Profiles the given files (either may be null, not both) with the model's score on the same rows. */
    public static MonitoringExport profile(Model<Label> model, Path trainingCsv, Path heldOutCsv, String labelColumn,
                                           String positive, String sensitiveColumn) throws IOException {
        var features = FeatureTable.modelFeatures(model);
        var spec = new ReferenceProfiler.Spec(features, labelColumn, positive, sensitiveColumn,
                new TribuoScorer(model, features, positive));
        return new MonitoringExport(ReferenceProfiler.build(spec, trainingCsv, heldOutCsv, Instant.now()));
    }

    /** Adds the profile to the bundle, and records the checklist line it is evidence for in bundle.json. */
    public void addTo(BundleWriter writer) {
        writer.section(new BundleSection() {
            @Override
            public String name() {
                return "monitoring";
            }

            @Override
            public java.util.Map<String, Object> write(Path bundleDir) throws IOException {
                Path file = bundleDir.resolve(PATH);
                java.nio.file.Files.createDirectories(file.getParent());
                dev.handoff.bundle.io.AtomicFiles.write(file, out -> ReferenceProfiles.write(profile,
                        new java.io.FilterOutputStream(out) {
                            @Override
                            public void write(byte[] b, int off, int len) throws IOException {
                                out.write(b, off, len);
                            }

                            @Override
                            public void close() throws IOException {
                                flush();
                            }
                        }));
                java.util.Map<String, Object> meta = new java.util.LinkedHashMap<>();
                meta.put("file", PATH);
                meta.put("reference", profile.plan().reference());
                meta.put("datasets", profile.datasets().keySet().stream().sorted().toList());
                meta.put("monitored", profile.plan().monitored());
                meta.put("checklist_line", DefaultLineIds.CONCEPT_DRIFT);
                meta.put("evidence", EVIDENCE);
                return meta;
            }
        });
    }

    /** The thresholds as one line, e.g. for the model card. */
    public static String thresholds(MonitoringPlan plan) {
        return String.format(Locale.ROOT, "PSI %.2f moderate / %.2f major; p < %.2f (KS, chi-squared, Z) up to %d reference"
                        + " rows, distance >= %.2f (normed Wasserstein, Jensen-Shannon) above; data set drift at >= %.0f%% of columns",
                plan.psiModerate(), plan.psiMajor(), plan.pValue(), plan.smallReference(), plan.distance(),
                plan.driftShare() * 100);
    }

    /** The plan as the model card's Monitoring section. */
    public static ModelCardRenderer.Monitoring cardSection(MonitoringPlan plan) {
        return new ModelCardRenderer.Monitoring(plan.monitored(), plan.reference().replace('_', '-'), PATH, thresholds(plan));
    }

    /** The plan of the profile written in {@code bundleDir}, if there is one. */
    static java.util.Optional<ModelCardRenderer.Monitoring> cardSection(Path bundleDir) throws IOException {
        Path file = bundleDir.resolve(PATH);
        if (!java.nio.file.Files.isRegularFile(file)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(cardSection(ReferenceProfiles.read(file).plan()));
    }
}
