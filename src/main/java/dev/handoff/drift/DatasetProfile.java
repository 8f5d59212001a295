package dev.handoff.drift;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The profile of one data file: its name, SHA-256 and row count, each column's profile, the model's score on the
 * same rows (positive-class probability) and the label's frequencies.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DatasetProfile(String role, String file, String sha256, long rows, List<ColumnProfile> columns,
                             ColumnProfile score, Map<String, Long> labels) {
    public DatasetProfile {
        columns = List.copyOf(columns);
    }

    public Optional<ColumnProfile> column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst();
    }
}
