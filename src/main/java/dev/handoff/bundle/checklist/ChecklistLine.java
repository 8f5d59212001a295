package dev.handoff.bundle.checklist;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.Objects;

/**
 * One checklist line in deon's shape ({@code line_id}, {@code line_summary}, {@code line}) plus our sign-off fields.
 *
 * @param required whether an outstanding state of this line holds up an export
 * @param timestamp ISO-8601 instant of the last sign-off, or null
 * @param evidence link (URL or path) to the evidence, or null
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"line_id", "line_summary", "line", "required", "status", "reviewer", "timestamp", "evidence", "comment"})
public record ChecklistLine(String lineId, String lineSummary, String line, boolean required, LineStatus status,
                            String reviewer, String timestamp, String evidence, String comment) {

    public ChecklistLine {
        Objects.requireNonNull(lineId, "lineId");
        Objects.requireNonNull(status, "status");
    }

    /** A new, required, pending line. */
    public static ChecklistLine pending(String lineId, String lineSummary, String line) {
        return new ChecklistLine(lineId, lineSummary, line, true, LineStatus.PENDING, null, null, null, null);
    }
}
