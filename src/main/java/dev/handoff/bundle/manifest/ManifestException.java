package dev.handoff.bundle.manifest;

import java.io.IOException;

/** A manifest or signature file is malformed; the message names the file and the field. */
public class ManifestException extends IOException {
    private static final long serialVersionUID = 1L;

    public ManifestException(String message) {
        super(message);
    }

    public ManifestException(String message, Throwable cause) {
        super(message, cause);
    }
}
