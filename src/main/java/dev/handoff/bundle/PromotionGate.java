package dev.handoff.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.handoff.bundle.checklist.Checklist;
import dev.handoff.bundle.checklist.ChecklistLine;
import dev.handoff.bundle.checklist.LineStatus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The governance policy a bundle must pass before its model version is promoted (an alias set on a tracking server):
 * <ol>
 *   <li>verification intact: every file matches the manifest (and the signature is valid when a key is given);</li>
 *   <li>every required (blocking) checklist line is signed off: done or not applicable, not pending or blocked;</li>
 *   <li>the explanation sign-offs name this bundle's model by its SHA-256 ({@code sections.tribuo.model_sha256}), at
 *   least one approves it, and no reviewer's latest decision asks for changes;</li>
 *   <li>the registered version's model file has the same SHA-256 as the bundle's model.</li>
 * </ol>
 * Plain Java: the CLI and the UI ask the same gate.
 */
public final class PromotionGate {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PromotionGate() {
    }

    /**
     * What the gate found.
     *
     * @param outstanding     one line per reason the promotion is refused; empty = allowed
     * @param bundleSha256    the manifest's root digest (the in-toto subject), null when unreadable
     * @param modelSha256     the bundled model's SHA-256, null when unreadable
     * @param checklistStatus {@code passed} or {@code outstanding}
     * @param reviewers       checklist signers and approving explanation reviewers, sorted
     */
    public record Decision(List<String> outstanding, String bundleSha256, String modelSha256, String checklistStatus,
                           List<String> reviewers, VerificationReport verification) {
        public Decision {
            outstanding = List.copyOf(outstanding);
            reviewers = List.copyOf(reviewers);
        }

        public boolean allowed() {
            return outstanding.isEmpty();
        }

        /** The version tags a promotion writes ({@code handoff.*}), without the time of verification. */
        public Map<String, String> tags() {
            Map<String, String> t = new LinkedHashMap<>();
            t.put("handoff.bundle.sha256", bundleSha256);
            t.put("handoff.checklist.status", checklistStatus);
            t.put("handoff.reviewers", String.join(", ", reviewers));
            return t;
        }
    }

    /**
     * Checks {@code bundle} against the policy.
     *
     * @param trustedKey         the key the manifest must be signed with, or null (integrity only)
     * @param versionModelSha256 SHA-256 of the registered version's model file, or null when it could not be read
     *                           (then refused)
     */
    public static Decision check(Path bundle, PublicKey trustedKey, String versionModelSha256) {
        List<String> outstanding = new ArrayList<>();
        VerificationReport report = BundleVerifier.verify(bundle, trustedKey);
        if (!report.intact()) {
            outstanding.add("verification: the bundle is not intact (" + String.join("; ", report.describe()) + ")");
        }
        if (trustedKey != null && report.signature() != VerificationReport.SignatureStatus.VALID) {
            outstanding.add("verification: the manifest signature is " + report.signature().name().toLowerCase()
                    + " for the given key");
        }
        String bundleSha = null;
        String modelSha = null;
        String checklistStatus = "outstanding";
        TreeSet<String> reviewers = new TreeSet<>();
        try (OpenedBundle opened = BundleReader.open(bundle)) {
            bundleSha = opened.manifest().rootDigest();
            modelSha = opened.metadata().at("/sections/tribuo/model_sha256").asText(null);
            if (modelSha == null || modelSha.isEmpty()) {
                outstanding.add("model: bundle.json records no sections.tribuo.model_sha256");
                modelSha = null;
            }
            Optional<Checklist> checklist = opened.checklist();
            if (checklist.isEmpty()) {
                outstanding.add("checklist: the bundle has no governance checklist");
            } else {
                List<ChecklistLine> open = checklist.get().outstandingRequired();
                for (ChecklistLine l : open) {
                    outstanding.add("checklist " + l.lineId() + " " + l.status().yaml() + ": "
                            + (l.lineSummary() == null ? "" : l.lineSummary()));
                }
                if (open.isEmpty()) {
                    checklistStatus = "passed";
                }
                for (ChecklistLine l : checklist.get().lines()) {
                    if (l.reviewer() != null && !l.reviewer().isBlank()
                            && (l.status() == LineStatus.DONE || l.status() == LineStatus.NOT_APPLICABLE)) {
                        reviewers.add(l.reviewer());
                    }
                }
            }
            signOffs(opened.root().resolve("explanations/signoffs.json"), modelSha, outstanding, reviewers);
        } catch (IOException | RuntimeException e) {
            outstanding.add("bundle: cannot read " + bundle + ": " + e.getMessage());
        }
        if (versionModelSha256 == null) {
            outstanding.add("model: the registered version's model file could not be read");
        } else if (modelSha != null && !modelSha.equalsIgnoreCase(versionModelSha256)) {
            outstanding.add("model: the registered version's model (sha256 " + versionModelSha256
                    + ") is not the bundle's model (sha256 " + modelSha + ")");
        }
        return new Decision(outstanding, bundleSha, modelSha, checklistStatus, new ArrayList<>(reviewers), report);
    }

    private static void signOffs(Path file, String modelSha, List<String> outstanding, TreeSet<String> reviewers)
            throws IOException {
        if (!Files.isRegularFile(file)) {
            outstanding.add("sign-offs: no explanation sign-off in the bundle (explanations/signoffs.json)");
            return;
        }
        JsonNode list = JSON.readTree(file.toFile());
        Map<String, String> latest = new LinkedHashMap<>();
        Map<String, String> latestResults = new LinkedHashMap<>();
        for (JsonNode s : list) {
            String reviewer = s.path("reviewer").asText("");
            String problem = dev.handoff.bundle.review.SignOffCheck.problem(s, modelSha);
            if (problem != null) {
                outstanding.add("sign-offs: " + problem);
                continue;
            }
            // a result's sign-off (cohorts, counterfactuals, monotonicity) stands beside the explanation's: the
            // reviewer's latest word on each counts
            if (s.at("/subject/result_sha256").isTextual()) {
                latestResults.put(reviewer + " (" + s.at("/subject/method").asText("?") + ")",
                        s.path("decision").asText(""));
            } else {
                latest.put(reviewer, s.path("decision").asText(""));
            }
        }
        boolean approved = false;
        for (Map.Entry<String, String> e : latest.entrySet()) {
            if (e.getValue().equals("APPROVED")) {
                approved = true;
                reviewers.add(e.getKey());
            } else {
                outstanding.add("sign-offs: " + e.getKey() + " asks for changes (" + e.getValue() + ")");
            }
        }
        for (Map.Entry<String, String> e : latestResults.entrySet()) {
            if (!e.getValue().equals("APPROVED")) {
                outstanding.add("sign-offs: " + e.getKey() + " asks for changes (" + e.getValue() + ")");
            }
        }
        if (!approved) {
            outstanding.add("sign-offs: no reviewer approved this model's explanations");
        }
    }
}
