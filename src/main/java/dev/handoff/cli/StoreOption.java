package dev.handoff.cli;

import dev.handoff.runs.RunSource;
import dev.handoff.runs.SourceException;
import dev.handoff.runs.source.RunSources;
import picocli.CommandLine.Option;

import java.util.Map;

/** {@code --store PATH|URI} (alias {@code --tracking-uri}), defaulting to {@code MLFLOW_TRACKING_URI} as MLflow does. */
final class StoreOption {
    @Option(names = {"--store", "--tracking-uri", "-s"}, paramLabel = "STORE",
            description = "An mlruns/ folder, an mlflow.db (or sqlite:///path), a project folder holding one of them, "
                    + "or a tracking server http(s)://host:port. Default: $MLFLOW_TRACKING_URI.")
    String store;

    /** For tests: the environment to read MLFLOW_* variables from. */
    static Map<String, String> environment = System.getenv();

    RunSource open() {
        String location = store;
        if (location == null || location.isBlank()) {
            location = environment.get("MLFLOW_TRACKING_URI");
        }
        if (location == null || location.isBlank()) {
            throw new CliFailure("no store given: use --store PATH (an mlruns/ folder or mlflow.db) or --tracking-uri URL, "
                    + "or set MLFLOW_TRACKING_URI");
        }
        try {
            if (location.startsWith("http://") || location.startsWith("https://")) {
                return RunSources.openServer(location, environment);
            }
            return RunSources.open(location);
        } catch (SourceException e) {
            throw new CliFailure(e.getMessage(), e);
        }
    }
}
