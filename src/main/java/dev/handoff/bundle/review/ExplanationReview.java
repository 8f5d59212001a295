package dev.handoff.bundle.review;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.Objects;

/**
 * A reviewer's sign-off of one explanation: exactly what was reviewed ({@link ReviewSubject}: model and data by
 * SHA-256, method with all its parameters, rows), the decision, who, when and why.
 *
 * <p>Records written before sign-offs named digests are still read; their {@link #subject()} has no model digest
 * ({@link #modelSha256()} is null) and a bundle export treats them as not naming the bundled model.
 *
 * <p>A sign-off of a result (cohort analysis, counterfactuals, monotonicity verdict) carries the {@code result} it
 * signed, whose {@link ResultDigest} must be the subject's {@code result_sha256}: a sign-off cannot be made of, or
 * moved to, a result other than the one reviewed, and a bundle's verify recomputes that digest.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ExplanationReview(@JsonProperty("subject") ReviewSubject subject,
                                @JsonProperty("model_ref") String modelRef,
                                @JsonProperty("decision") Decision decision,
                                @JsonProperty("reviewer") String reviewer,
                                @JsonProperty("comment") String comment,
                                @JsonProperty("timestamp") String timestamp,
                                @JsonProperty("result") @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode result) {

    /** The reviewer's verdict. */
    public enum Decision { APPROVED, NEEDS_CHANGES }

    public ExplanationReview {
        if (subject != null) {
            modelRef = subject.modelRef();
        }
        Objects.requireNonNull(modelRef, "modelRef");
        Objects.requireNonNull(decision, "decision");
        if (reviewer == null || reviewer.isBlank()) {
            throw new IllegalArgumentException("a sign-off needs the reviewer's name");
        }
        if (decision == Decision.NEEDS_CHANGES && (comment == null || comment.isBlank())) {
            throw new IllegalArgumentException("'needs changes' needs a comment saying what to change");
        }
        reviewer = reviewer.strip();
        comment = comment == null ? "" : comment.strip();
        Objects.requireNonNull(timestamp, "timestamp");
        Instant.parse(timestamp);
        if (subject != null && subject.resultSha256() != null) {
            if (result == null || result.isNull()) {
                throw new IllegalArgumentException("a sign-off of " + subject.method() + " must carry the signed result");
            }
            result = ResultDigest.canonical(result);
            if (!ResultDigest.sha256(result).equalsIgnoreCase(subject.resultSha256())) {
                throw new IllegalArgumentException("the signed " + subject.method() + " result does not match its"
                        + " digest sha256:" + subject.resultSha256());
            }
        } else {
            result = null;
        }
    }

    /** A sign-off of an explanation (no result). */
    public ExplanationReview(ReviewSubject subject, String modelRef, Decision decision, String reviewer,
                             String comment, String timestamp) {
        this(subject, modelRef, decision, reviewer, comment, timestamp, null);
    }

    /** A sign-off of a result: the subject names the result by digest and the sign-off carries it. */
    public static ExplanationReview of(SignableResult signed, Decision decision, String reviewer, String comment,
                                       Instant when) {
        Objects.requireNonNull(signed, "signed");
        return new ExplanationReview(signed.subject(), signed.subject().modelRef(), decision, reviewer, comment,
                when.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString(), signed.result());
    }

    /** A sign-off of {@code subject}. */
    public static ExplanationReview of(ReviewSubject subject, Decision decision, String reviewer, String comment,
                                       Instant when) {
        Objects.requireNonNull(subject, "subject");
        return new ExplanationReview(subject, subject.modelRef(), decision, reviewer, comment,
                when.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
    }

    /** The SHA-256 of the model the reviewer saw, or null for a record that predates digests. */
    public String modelSha256() {
        return subject == null ? null : subject.modelSha256();
    }

    /** The reviewed method, or {@code ?} for an old record. */
    public String method() {
        return subject == null ? "?" : subject.method();
    }

    /** A short name for messages: {@code APPROVED by Dana at 2026-12-04T10:00:00Z (TREE_SHAP)}. */
    public String describe() {
        return decision + " by " + reviewer + " at " + timestamp + " (" + method() + ")";
    }
}
