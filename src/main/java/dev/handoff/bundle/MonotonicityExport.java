package dev.handoff.bundle;

import dev.handoff.bundle.checklist.Checklist;
import dev.handoff.bundle.checklist.ChecklistLine;
import dev.handoff.bundle.checklist.DefaultLineIds;
import dev.handoff.bundle.io.AtomicFiles;
import dev.handoff.explain.Cancellation;
import dev.handoff.explain.ExplanationReport;
import dev.handoff.explain.FeatureTable;
import dev.handoff.explain.MonotonicityCheck;
import dev.handoff.explain.ReasonCodeTable;
import org.tribuo.Model;
import org.tribuo.classification.Label;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code explanations/monotonicity.json}: the {@link MonotonicityCheck} of the bundle's explained rows against the
 * reason-code table's declared directions, the evidence of the checklist line
 * {@link DefaultLineIds#MONOTONIC_CONSTRAINTS}. bundle.json's section records whether the directions hold, which
 * features are violated and whether the checklist requires the line; a violation is a bundle warning naming the
 * features, the rows and the line.
 */
public final class MonotonicityExport {
    /** The file in the bundle. */
    public static final String PATH = BundleLayout.EXPLANATIONS_DIR + "/monotonicity.json";
    /** bundle.json {@code omitted} name when there is nothing to check. */
    public static final String OMITTED = "explanations.monotonicity";

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper()
                    .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);

    private MonotonicityExport() {
    }

    /** Checks and adds the result, or records why there is none (no table, no declared direction). */
    public static void addTo(BundleWriter writer, Model<Label> model, ExplanationReport local, ReasonCodeTable table,
                             String adverseClass, FeatureTable reference, Checklist checklist) {
        if (table == null || table.entries().values().stream().noneMatch(e -> e.monotone() != null)) {
            writer.omitted(OMITTED, "no reason-code table declares a monotone: direction; " + PATH
                    + " (the evidence of checklist line " + DefaultLineIds.MONOTONIC_CONSTRAINTS + ") is not written");
            return;
        }
        MonotonicityCheck.Report report = MonotonicityCheck.ofClassifier(model, local, table, adverseClass, reference,
                Cancellation.NONE);
        boolean required = checklist != null && checklist.line(DefaultLineIds.MONOTONIC_CONSTRAINTS)
                .map(ChecklistLine::required).orElse(false);
        if (!report.holds()) {
            StringBuilder text = new StringBuilder("monotonicity: the declared direction is violated for ");
            report.features().stream().filter(f -> f.verdict() == MonotonicityCheck.Verdict.VIOLATED)
                    .forEach(f -> text.append(f.feature()).append(" (").append(f.declared()).append(", ")
                            .append(f.violatingRows().size()).append(" of ").append(f.rowsChecked())
                            .append(" rows) "));
            text.append("— see ").append(PATH).append("; checklist line ").append(DefaultLineIds.MONOTONIC_CONSTRAINTS)
                    .append(" (Monotonic constraints hold")
                    .append(required ? ", required)" : ", not required)").append(" cannot cite it as holding");
            writer.warning(text.toString());
        }
        writer.section(new BundleSection() {
            @Override
            public String name() {
                return "monotonicity";
            }

            @Override
            public Map<String, Object> write(Path bundleDir) throws IOException {
                Path file = bundleDir.resolve(PATH);
                Files.createDirectories(file.getParent());
                AtomicFiles.writeBytes(file, JSON.writeValueAsBytes(report));
                Map<String, Object> meta = new LinkedHashMap<>();
                meta.put("file", PATH);
                meta.put("holds", report.holds());
                meta.put("violated", report.violated());
                meta.put("ice", report.ice());
                meta.put("checklist_line", DefaultLineIds.MONOTONIC_CONSTRAINTS);
                meta.put("required", required);
                meta.put("evidence", PATH);
                return meta;
            }
        });
    }
}
