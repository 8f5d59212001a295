package dev.handoff.runs.source;

import dev.handoff.runs.RunSource;
import dev.handoff.runs.SourceException;
import dev.handoff.runs.source.file.FileStoreSource;
import dev.handoff.runs.source.sqlite.SqliteStoreSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Opens a source from what a user types: a path to {@code mlruns/}, a {@code mlflow.db}, or a project folder. */
public final class RunSources {
    private RunSources() {
    }

    /**
     * Opens {@code location}:
     * <ul>
     *   <li>{@code sqlite:///path/mlflow.db} or a file ending {@code .db} → SQLite store</li>
     *   <li>{@code file:///path/mlruns} or a folder with experiment folders → file store</li>
     *   <li>a folder holding {@code mlruns/} (preferred) or {@code mlflow.db} → that store</li>
     * </ul>
     */
    public static RunSource open(String location) throws SourceException {
        if (location == null || location.isBlank()) {
            throw new SourceException("", "no store given");
        }
        String loc = location.trim();
        if (loc.startsWith("sqlite:///")) {
            return new SqliteStoreSource(Paths.get(loc.substring("sqlite://".length())));
        }
        if (loc.startsWith("file://")) {
            return new FileStoreSource(Paths.get(java.net.URI.create(loc)));
        }
        if (loc.startsWith("http://") || loc.startsWith("https://")) {
            throw new SourceException(loc, "remote tracking servers are not supported yet");
        }
        Path p = Paths.get(loc);
        if (!Files.exists(p)) {
            throw new SourceException(loc, "no such file or folder");
        }
        if (Files.isRegularFile(p)) {
            return new SqliteStoreSource(p);
        }
        if (Files.isDirectory(p.resolve("mlruns"))) {
            return new FileStoreSource(p.resolve("mlruns"));
        }
        if (Files.isRegularFile(p.resolve("mlflow.db"))) {
            return new SqliteStoreSource(p.resolve("mlflow.db"));
        }
        return new FileStoreSource(p);
    }
}
