package dev.handoff.logging;

import java.nio.file.Path;

/**
 * Where the workbench and the {@code handoff} command write their log: the one place that decides it
 * ({@code logback.xml} asks {@link LogDirDefiner}, the UI shows {@link #file()} in its failure details).
 *
 * <p>The folder is the system property {@value #DIR_PROPERTY} if set, else the environment variable
 * {@value #DIR_ENV}, else {@code $XDG_STATE_HOME/handoff-workbench} (an absolute {@code XDG_STATE_HOME} only, as the XDG
 * base-directory spec asks), else {@code ~/.local/state/handoff-workbench}. Tests set the property to
 * {@code target/logs}, so they never write to the real home.
 */
public final class LogLocation {
    /** System property naming the log folder; wins over {@link #DIR_ENV} and the per-user default. */
    public static final String DIR_PROPERTY = "handoff.log.dir";
    /** Environment variable naming the log folder. */
    public static final String DIR_ENV = "HANDOFF_LOG_DIR";
    /** System property with the level of the log file (default INFO), e.g. {@code -Dhandoff.log.level=DEBUG}. */
    public static final String LEVEL_PROPERTY = "handoff.log.level";
    /** The current log file's name in the folder; rolled files beside it are {@code handoff.<date>.<n>.log.gz}. */
    public static final String FILE_NAME = "handoff.log";

    private LogLocation() {
    }

    /** The log folder for this process. */
    public static Path dir() {
        return dir(System.getProperty(DIR_PROPERTY), System.getenv(DIR_ENV), System.getenv("XDG_STATE_HOME"),
                System.getProperty("user.home"));
    }

    /** The current log file for this process. */
    public static Path file() {
        return dir().resolve(FILE_NAME);
    }

    /** The folder {@link #dir()} uses, given the property, environment and home values (null or blank = unset). */
    static Path dir(String property, String env, String xdgStateHome, String home) {
        if (property != null && !property.isBlank()) {
            return Path.of(property).toAbsolutePath();
        }
        if (env != null && !env.isBlank()) {
            return Path.of(env).toAbsolutePath();
        }
        Path base = xdgStateHome != null && !xdgStateHome.isBlank() && Path.of(xdgStateHome).isAbsolute()
                ? Path.of(xdgStateHome)
                : Path.of(home, ".local", "state");
        return base.resolve("handoff-workbench");
    }
}
