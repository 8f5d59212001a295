package dev.handoff.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Test helper: collects every event logged under a logger (the root by default) while open, and renders them as the
 * real configuration would ({@link #fileText()}, through the FILE appender's encoder of {@code logback.xml}) and raw
 * ({@link #rawText()}: messages and every throwable's class, message and frames, before any masking).
 */
public final class LogCapture implements AutoCloseable {
    private final Logger logger;
    private final Level levelBefore;
    private final ListAppender<ILoggingEvent> list = new ListAppender<>();

    private LogCapture(String loggerName, Level level) {
        logger = (Logger) LoggerFactory.getLogger(loggerName);
        levelBefore = logger.getLevel();
        if (level != null) {
            logger.setLevel(level);
        }
        list.setContext(logger.getLoggerContext());
        list.start();
        logger.addAppender(list);
    }

    /** Captures everything the root logger passes on at its configured level. */
    public static LogCapture root() {
        return new LogCapture(org.slf4j.Logger.ROOT_LOGGER_NAME, null);
    }

    /** Captures {@code loggerName} and below, which log at {@code level} while the capture is open. */
    public static LogCapture of(String loggerName, Level level) {
        return new LogCapture(loggerName, level);
    }

    public List<ILoggingEvent> events() {
        return List.copyOf(list.list);
    }

    /** Events of {@code level} whose message contains {@code text}. */
    public List<ILoggingEvent> events(Level level, String text) {
        return events().stream().filter(e -> e.getLevel() == level && e.getFormattedMessage().contains(text)).toList();
    }

    /** The events as the configured log file would hold them (pattern and %mask of logback.xml). */
    public String fileText() {
        PatternLayoutEncoder encoder = fileEncoder();
        return events().stream().map(e -> new String(encoder.encode(e), StandardCharsets.UTF_8))
                .collect(Collectors.joining());
    }

    /** The events as code logged them: formatted messages and whole throwable chains, nothing masked. */
    public String rawText() {
        StringBuilder sb = new StringBuilder();
        for (ILoggingEvent e : events()) {
            sb.append(e.getLevel()).append(' ').append(e.getFormattedMessage()).append('\n');
            List<IThrowableProxy> seen = new ArrayList<>();
            appendThrowable(sb, e.getThrowableProxy(), seen);
        }
        return sb.toString();
    }

    private static void appendThrowable(StringBuilder sb, IThrowableProxy t, List<IThrowableProxy> seen) {
        if (t == null || seen.contains(t)) {
            return;
        }
        seen.add(t);
        sb.append(t.getClassName()).append(": ").append(t.getMessage()).append('\n');
        for (StackTraceElementProxy frame : t.getStackTraceElementProxyArray()) {
            sb.append("\tat ").append(frame.getStackTraceElement()).append('\n');
        }
        for (IThrowableProxy s : t.getSuppressed()) {
            appendThrowable(sb, s, seen);
        }
        appendThrowable(sb, t.getCause(), seen);
    }

    /** The encoder of the FILE appender that logback.xml configures. */
    public static PatternLayoutEncoder fileEncoder() {
        return (PatternLayoutEncoder) fileAppender().getEncoder();
    }

    /** The FILE appender that logback.xml configures. */
    public static FileAppender<ILoggingEvent> fileAppender() {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        return (FileAppender<ILoggingEvent>) ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("FILE");
    }

    @Override
    public void close() {
        logger.detachAppender(list);
        list.stop();
        logger.setLevel(levelBefore);
    }
}
