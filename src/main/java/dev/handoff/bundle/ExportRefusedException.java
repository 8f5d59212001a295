package dev.handoff.bundle;

import dev.handoff.bundle.checklist.ChecklistLine;

import java.io.IOException;
import java.util.List;

/** The export policy refused to export because required checklist lines are pending or blocked. */
public class ExportRefusedException extends IOException {
    private static final long serialVersionUID = 1L;
    private final transient List<ChecklistLine> outstanding;

    public ExportRefusedException(List<ChecklistLine> outstanding, List<String> messages) {
        super("export refused: " + String.join("; ", messages));
        this.outstanding = List.copyOf(outstanding);
    }

    /** The required lines that block the export. */
    public List<ChecklistLine> outstanding() {
        return outstanding;
    }
}
