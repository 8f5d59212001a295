package dev.handoff.logging;

import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusListener;

/**
 * Logback's own warnings and errors (an unwritable log folder, a broken configuration) as one line each on stderr.
 * Registered in {@code logback.xml}, it also stops Logback from printing its status to stdout, which is the CLI's
 * output (a table, CSV or JSON that scripts read).
 */
public final class StatusToStderr extends ContextAwareBase implements StatusListener {
    @Override
    public void addStatusEvent(Status status) {
        if (status.getEffectiveLevel() >= Status.WARN) {
            Throwable t = status.getThrowable();
            System.err.println("handoff: logging: " + Secrets.mask(status.getMessage()
                    + (t == null ? "" : ": " + t)));
        }
    }
}
