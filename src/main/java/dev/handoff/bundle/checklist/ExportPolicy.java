package dev.handoff.bundle.checklist;

import java.util.List;

/** What an export does while required checklist lines are still pending or blocked. */
public enum ExportPolicy {
    /** Refuse to export. */
    REFUSE,
    /** Export, recording a warning per outstanding line in the bundle. */
    WARN;

    /** The outcome of applying a policy to a checklist. */
    public record Decision(boolean allowed, List<ChecklistLine> outstanding, List<String> messages) {
        public Decision {
            outstanding = List.copyOf(outstanding);
            messages = List.copyOf(messages);
        }
    }

    /** Applies this policy to {@code checklist}. */
    public Decision evaluate(Checklist checklist) {
        List<ChecklistLine> outstanding = checklist.outstandingRequired();
        List<String> messages = outstanding.stream()
                .map(l -> "required checklist line " + l.lineId() + " (" + l.lineSummary() + ") is " + l.status().yaml())
                .toList();
        return new Decision(this == WARN || outstanding.isEmpty(), outstanding, messages);
    }
}
