package dev.handoff.bundle.checklist;

import java.io.IOException;

/** A checklist file could not be read: the message names the file and the field at fault. */
public class ChecklistException extends IOException {
    private static final long serialVersionUID = 1L;

    public ChecklistException(String message) {
        super(message);
    }

    public ChecklistException(String message, Throwable cause) {
        super(message, cause);
    }
}
