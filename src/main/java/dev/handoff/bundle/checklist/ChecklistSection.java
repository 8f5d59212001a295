package dev.handoff.bundle.checklist;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.List;

/** A titled group of checklist lines, e.g. "A Data Collection". */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({"title", "section_id", "lines"})
public record ChecklistSection(String title, String sectionId, List<ChecklistLine> lines) {
    public ChecklistSection {
        lines = List.copyOf(lines);
    }
}
