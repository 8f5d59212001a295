package dev.handoff.bundle.io;

import java.io.IOException;

/** An archive was refused because an entry is unsafe (path escape, symlink) or exceeds a limit (zip bomb). */
public class UnsafeArchiveException extends IOException {
    private static final long serialVersionUID = 1L;

    public UnsafeArchiveException(String message) {
        super(message);
    }
}
