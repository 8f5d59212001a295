package dev.handoff.logging;

import ch.qos.logback.core.PropertyDefinerBase;

/** Hands {@link LogLocation#dir()} to {@code logback.xml} ({@code <define name="LOG_DIR" class="...LogDirDefiner"/>}). */
public final class LogDirDefiner extends PropertyDefinerBase {
    @Override
    public String getPropertyValue() {
        return LogLocation.dir().toString();
    }
}
