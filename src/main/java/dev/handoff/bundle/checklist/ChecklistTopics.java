package dev.handoff.bundle.checklist;

/**
 * Checklist lines that other parts of the bundle refer to, by id, in one place: when the ids follow deon's numbering
 * only these constants change.
 */
public final class ChecklistTopics {
    /** deon's "Concept drift" line (E.3): the bundle's monitoring plan is its evidence. */
    public static final String CONCEPT_DRIFT = "E.3";

    private ChecklistTopics() {
    }
}
