package dev.handoff.bundle.review;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A reviewer's sign-off of one explanation view: which model and view (method, explained class, rows, parameters),
 * the decision, who, when and why.
 *
 * @param modelRef  what was explained, e.g. {@code run:<run_id>/model/model.tribuo} or a file's SHA-256
 * @param view      the explanation view: method, explained output, rows, parameters
 */
public record ExplanationReview(@JsonProperty("model_ref") String modelRef,
                                @JsonProperty("view") Map<String, String> view,
                                @JsonProperty("decision") Decision decision,
                                @JsonProperty("reviewer") String reviewer,
                                @JsonProperty("comment") String comment,
                                @JsonProperty("timestamp") String timestamp) {

    /** The reviewer's verdict. */
    public enum Decision { APPROVED, NEEDS_CHANGES }

    public ExplanationReview {
        Objects.requireNonNull(modelRef, "modelRef");
        view = Map.copyOf(view == null ? Map.of() : view);
        Objects.requireNonNull(decision, "decision");
        if (reviewer == null || reviewer.isBlank()) {
            throw new IllegalArgumentException("a sign-off needs the reviewer's name");
        }
        if (decision == Decision.NEEDS_CHANGES && (comment == null || comment.isBlank())) {
            throw new IllegalArgumentException("'needs changes' needs a comment saying what to change");
        }
        comment = comment == null ? "" : comment;
        Objects.requireNonNull(timestamp, "timestamp");
        Instant.parse(timestamp);
    }
}
