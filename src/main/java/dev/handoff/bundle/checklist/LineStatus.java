package dev.handoff.bundle.checklist;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Optional;

/** Sign-off state of one checklist line. */
public enum LineStatus {
    PENDING("pending"),
    DONE("done"),
    NOT_APPLICABLE("not_applicable"),
    BLOCKED("blocked");

    private final String yaml;

    LineStatus(String yaml) {
        this.yaml = yaml;
    }

    /** The value as written in the YAML file. */
    @JsonValue
    public String yaml() {
        return yaml;
    }

    /** The status whose YAML value is {@code text}, if any. */
    public static Optional<LineStatus> fromYaml(String text) {
        return Arrays.stream(values()).filter(s -> s.yaml.equals(text)).findFirst();
    }

    /** Whether a required line in this state holds up an export. */
    public boolean isOutstanding() {
        return this == PENDING || this == BLOCKED;
    }
}
