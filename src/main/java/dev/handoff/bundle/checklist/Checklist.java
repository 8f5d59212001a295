package dev.handoff.bundle.checklist;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A governance checklist in deon's {@code checklist.yml} shape with per-line sign-offs. Immutable:
 * {@link #sign} returns an updated copy.
 */
@JsonPropertyOrder({"title", "sections"})
public record Checklist(String title, List<ChecklistSection> sections) {

    public Checklist {
        Objects.requireNonNull(title, "title");
        sections = List.copyOf(sections);
    }

    /** All lines in document order. */
    public List<ChecklistLine> lines() {
        return sections.stream().flatMap(s -> s.lines().stream()).toList();
    }

    /** The line with this id, if present. */
    public Optional<ChecklistLine> line(String lineId) {
        return lines().stream().filter(l -> l.lineId().equals(lineId)).findFirst();
    }

    /** Required lines that are still pending or blocked. */
    public List<ChecklistLine> outstandingRequired() {
        return lines().stream().filter(l -> l.required() && l.status().isOutstanding()).toList();
    }

    /**
     * Records a sign-off on one line.
     *
     * @param status the new state
     * @param reviewer who signs; required for every state except {@link LineStatus#PENDING}
     * @param evidence link to the evidence, may be null
     * @param comment free text, may be null
     * @param clock source of the ISO-8601 timestamp
     * @return the updated checklist
     * @throws IllegalArgumentException for an unknown line id or a missing reviewer
     */
    public Checklist sign(String lineId, LineStatus status, String reviewer, String evidence, String comment,
                          Clock clock) {
        Objects.requireNonNull(status, "status");
        if (line(lineId).isEmpty()) {
            throw new IllegalArgumentException("checklist '" + title + "' has no line '" + lineId + "'");
        }
        if (status != LineStatus.PENDING && (reviewer == null || reviewer.isBlank())) {
            throw new IllegalArgumentException("signing line '" + lineId + "' as " + status.yaml()
                    + " needs a reviewer");
        }
        String timestamp = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
        List<ChecklistSection> updated = new ArrayList<>();
        for (ChecklistSection section : sections) {
            List<ChecklistLine> lines = section.lines().stream()
                    .map(l -> l.lineId().equals(lineId)
                            ? new ChecklistLine(l.lineId(), l.lineSummary(), l.line(), l.required(), status,
                            blankToNull(reviewer), timestamp, blankToNull(evidence), blankToNull(comment))
                            : l)
                    .toList();
            updated.add(new ChecklistSection(section.title(), section.sectionId(), lines));
        }
        return new Checklist(title, updated);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
