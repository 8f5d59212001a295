package dev.handoff.bundle.review;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a bundle's {@code explanations/signoffs.json} records as stored (not through {@link ExplanationReview}, so a
 * tampered record is reported rather than refused): a sign-off must name the bundle's model by its SHA-256, and a
 * sign-off of a result must carry that result unchanged (its {@link ResultDigest} equal to the subject's
 * {@code result_sha256}). Used by {@code handoff verify}, the promotion gate and the Review view.
 */
public final class SignOffCheck {
    private SignOffCheck() {
    }

    /** What is wrong with one stored sign-off on a bundle of the model {@code modelSha256} (null: unknown), or null. */
    public static String problem(JsonNode signOff, String modelSha256) {
        String who = signOff.path("reviewer").asText("?") + "'s " + signOff.at("/subject/method").asText("?")
                + " sign-off";
        String sha = signOff.at("/subject/model_sha256").asText("");
        if (sha.isEmpty()) {
            return who + " names no model digest";
        }
        if (modelSha256 != null && !sha.equalsIgnoreCase(modelSha256)) {
            return who + " names another model (sha256 " + sha + ", the bundle's is " + modelSha256 + ")";
        }
        JsonNode resultSha = signOff.at("/subject/result_sha256");
        if (!resultSha.isMissingNode() && !resultSha.isNull()) {
            JsonNode result = signOff.get("result");
            if (result == null || result.isNull()) {
                return who + " names result sha256 " + resultSha.asText() + " but carries no result";
            }
            String actual = ResultDigest.sha256(result);
            if (!actual.equalsIgnoreCase(resultSha.asText())) {
                return who + " was made of result sha256 " + resultSha.asText() + "; the result it carries is now sha256 "
                        + actual + " (changed after sign-off)";
            }
        }
        return null;
    }

    /** Every problem of a {@code signoffs.json} array (an empty list when all sign-offs hold). */
    public static List<String> problems(JsonNode signOffs, String modelSha256) {
        List<String> out = new ArrayList<>();
        if (signOffs == null || !signOffs.isArray()) {
            out.add("sign-offs: not a list of sign-offs");
            return out;
        }
        for (JsonNode s : signOffs) {
            String p = problem(s, modelSha256);
            if (p != null) {
                out.add(p);
            }
        }
        return out;
    }
}
