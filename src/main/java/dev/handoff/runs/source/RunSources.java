package dev.handoff.runs.source;

import dev.handoff.runs.RunSource;
import dev.handoff.runs.SourceException;
import dev.handoff.runs.source.file.FileStoreSource;
import dev.handoff.runs.source.rest.MlflowRestSource;
import dev.handoff.runs.source.rest.RestConfig;
import dev.handoff.runs.source.sqlite.SqliteStoreSource;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;

/** Opens a source from what a user types: a path to {@code mlruns/}, a {@code mlflow.db}, or a project folder. */
public final class RunSources {
    private RunSources() {
    }

    /** Opens a tracking server with auth / TLS / timeout settings read from {@code env} as MLflow's clients do. */
    public static MlflowRestSource openServer(String url, Map<String, String> env) throws SourceException {
        if (RestConfig.hasUserInfo(url)) {
            throw new SourceException(RestConfig.withoutUserInfo(url), "the tracking URI must not contain a user name or "
                    + "password: set MLFLOW_TRACKING_USERNAME / MLFLOW_TRACKING_PASSWORD (or MLFLOW_TRACKING_TOKEN) instead");
        }
        try {
            return new MlflowRestSource(RestConfig.fromEnvironment(URI.create(url), env));
        } catch (IllegalArgumentException e) {
            // URI.create's message echoes its input: never show a password typed into the URL
            String shown = RestConfig.withoutUserInfo(url);
            throw new SourceException(shown, e.getMessage() == null ? "not a valid URL" : e.getMessage().replace(url, shown), e);
        }
    }

    /**
     * Opens {@code location}:
     * <ul>
     *   <li>{@code sqlite:///path/mlflow.db} or a file ending {@code .db} → SQLite store</li>
     *   <li>{@code file:///path/mlruns} or a folder with experiment folders → file store</li>
     *   <li>{@code http(s)://host:port} → MLflow tracking server, auth and TLS settings from the environment as MLflow's
     *   clients read them ({@code MLFLOW_TRACKING_USERNAME}/{@code PASSWORD}, {@code MLFLOW_TRACKING_TOKEN}, ...)</li>
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
            return openServer(loc, System.getenv());
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
