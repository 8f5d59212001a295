package dev.handoff.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.pattern.CompositeConverter;

/**
 * {@code %mask(...)} in a Logback pattern: the wrapped output (message and stack trace) with {@link Secrets#mask}
 * applied, a safety net behind the rule that code never logs a credential.
 */
public final class MaskingConverter extends CompositeConverter<ILoggingEvent> {
    @Override
    protected String transform(ILoggingEvent event, String in) {
        return Secrets.mask(in);
    }
}
