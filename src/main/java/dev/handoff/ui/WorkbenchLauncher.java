package dev.handoff.ui;

import dev.handoff.logging.LogLocation;
import javafx.application.Application;
import org.slf4j.LoggerFactory;

/** Plain main class (not an Application subclass) so the workbench starts from a classpath jar. */
public final class WorkbenchLauncher {
    private WorkbenchLauncher() {
    }

    public static void main(String[] args) {
        // an exception no one caught (on the FX thread or any other) goes to the log with its stack trace
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> LoggerFactory.getLogger(WorkbenchLauncher.class)
                .error("uncaught exception in thread {}", thread.getName(), e));
        // Logback takes a few hundred milliseconds to start: let it do so beside the JavaFX toolkit, not on its thread
        Thread logStart = new Thread(WorkbenchLauncher::logStart, "handoff-log-start");
        logStart.setDaemon(true);
        logStart.start();
        Application.launch(WorkbenchApp.class, args);
    }

    private static void logStart() {
        String version = WorkbenchLauncher.class.getPackage().getImplementationVersion();
        LoggerFactory.getLogger(WorkbenchLauncher.class).info("Handoff Workbench {} starting (Java {}, log {})",
                version == null ? "development build" : version, System.getProperty("java.version"), LogLocation.file());
    }
}
