package dev.handoff.bundle.review;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Objects;

/**
 * What a sign-off is made of: the subject, and for a result other than an explanation the result itself (canonical
 * JSON) whose digest the subject names. Built from the result shown, in the job that computed it.
 *
 * @param subject what was reviewed
 * @param result  the signed result's canonical JSON, or null for an explanation
 */
public record SignableResult(ReviewSubject subject, JsonNode result) {
    public SignableResult {
        Objects.requireNonNull(subject, "subject");
        if (result != null && !ResultDigest.sha256(result).equals(subject.resultSha256())) {
            throw new IllegalArgumentException("the result's digest is not the subject's result_sha256");
        }
    }

    /** An explanation's subject: nothing beyond the subject is carried. */
    public static SignableResult explanation(ReviewSubject subject) {
        return new SignableResult(subject, null);
    }

    /** {@code base} naming {@code result} (any JSON-serializable value) by its {@link ResultDigest}. */
    public static SignableResult of(ReviewSubject base, Object result) {
        JsonNode canonical = ResultDigest.canonical(Objects.requireNonNull(result, "result"));
        return new SignableResult(base.withResult(ResultDigest.sha256(canonical)), canonical);
    }
}
