package dev.handoff.runs;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A registered model of MLflow's Model Registry.
 *
 * @param description     null when none was set (as MLflow reports it)
 * @param creationTime    epoch millis, -1 when unknown
 * @param lastUpdatedTime epoch millis, -1 when unknown
 * @param aliases         alias → version number, e.g. {@code champion → 3}
 */
public record RegisteredModel(String name, String description, long creationTime, long lastUpdatedTime,
                              Map<String, String> tags, Map<String, String> aliases) {
    public RegisteredModel {
        Objects.requireNonNull(name, "name");
        tags = Map.copyOf(tags == null ? Map.of() : tags);
        aliases = Map.copyOf(aliases == null ? Map.of() : aliases);
    }

    /** Tags sorted by key (for display and JSON). */
    public Map<String, String> sortedTags() {
        return new TreeMap<>(tags);
    }

    /** Aliases sorted by alias name. */
    public Map<String, String> sortedAliases() {
        return new TreeMap<>(aliases);
    }
}
