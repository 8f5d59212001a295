package dev.handoff.cli;

import dev.handoff.runs.RunSource;
import dev.handoff.runs.SourceException;
import dev.handoff.runs.source.RunSources;
import picocli.CommandLine.Option;

import java.util.Map;
import java.util.function.Supplier;

/** {@code --store PATH|URI} (alias {@code --tracking-uri}), defaulting to {@code MLFLOW_TRACKING_URI} as MLflow does. */
final class StoreOption {
    @Option(names = {"--store", "--tracking-uri", "-s"}, paramLabel = "STORE",
            description = "An mlruns/ folder, an mlflow.db (or sqlite:///path), a project folder holding one of them, "
                    + "or a tracking server http(s)://host:port. Default: $MLFLOW_TRACKING_URI.")
    String store;

    /**
     * Where MLFLOW_* variables come from: the process environment, unless {@link HandoffCli#commandLine(java.io.PrintWriter,
     * java.io.PrintWriter, Supplier)} injected another one (tests).
     */
    Supplier<Map<String, String>> environment = System::getenv;

    RunSource open() {
        Map<String, String> environment = this.environment.get();
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
