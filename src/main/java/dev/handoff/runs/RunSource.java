package dev.handoff.runs;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A read-only store of MLflow experiments and runs: the file store, the SQLite store or a tracking server.
 * Every view works on any implementation. Implementations must be safe to call from background threads and
 * should honour thread interruption between files / pages (cancelled tasks).
 */
public interface RunSource extends AutoCloseable {

    /** Human-readable description, e.g. {@code mlruns file store /home/x/mlruns}. */
    String describe();

    /** Experiments of the given view type, those that could not be read listed as problems. */
    ExperimentList listExperiments(ViewType viewType) throws SourceException;

    /** One page of runs matching the query. */
    RunPage searchRuns(RunQuery query) throws SourceException;

    /** One run with params, tags and latest metrics. */
    Run getRun(String runId) throws SourceException;

    /** The full history of one metric, sorted by (step, timestamp). Never truncated. */
    MetricSeries getMetricHistory(String runId, String metricKey) throws SourceException;

    /** Direct children of {@code path} ("" = artifact root) in the run's artifacts. */
    List<ArtifactRef> listArtifacts(String runId, String path) throws SourceException;

    /** Opens one artifact file for reading; the caller closes it. */
    InputStream openArtifact(String runId, String path) throws SourceException;

    // ------------------------------------------------------------------ Model Registry, logged models, datasets
    // Defaults say "not supported" so sources without a registry (test doubles) still compile; the file store, the
    // SQLite store and the REST source implement all of them.

    /** Every registered model, sorted by name. */
    default List<RegisteredModel> listRegisteredModels() throws SourceException {
        throw new NotSupportedException(describe(), "this source does not read the Model Registry");
    }

    /** One registered model with its tags and aliases. */
    default RegisteredModel getRegisteredModel(String name) throws SourceException {
        for (RegisteredModel m : listRegisteredModels()) {
            if (m.name().equals(name)) {
                return m;
            }
        }
        throw new SourceException(describe(), "no registered model '" + name + "'");
    }

    /** Every (not deleted) version of a registered model, sorted by version number. */
    default List<ModelVersion> listModelVersions(String name) throws SourceException {
        throw new NotSupportedException(describe(), "this source does not read the Model Registry");
    }

    /** One version of a registered model. */
    default ModelVersion getModelVersion(String name, String version) throws SourceException {
        for (ModelVersion v : listModelVersions(name)) {
            if (v.version().equals(version)) {
                return v;
            }
        }
        throw new SourceException(describe(), "registered model '" + name + "' has no version " + version);
    }

    /** The version an alias points at. */
    default ModelVersion getModelVersionByAlias(String name, String alias) throws SourceException {
        String version = getRegisteredModel(name).aliases().get(alias);
        if (version == null) {
            throw new SourceException(describe(), "registered model '" + name + "' has no alias '" + alias + "'");
        }
        return getModelVersion(name, version);
    }

    /** The MLflow 3 logged models of the given experiments (none from a store written by MLflow 2). */
    default List<LoggedModel> searchLoggedModels(List<String> experimentIds) throws SourceException {
        throw new NotSupportedException(describe(), "this source does not read logged models");
    }

    /** One logged model by id ({@code m-...}). */
    default LoggedModel getLoggedModel(String modelId) throws SourceException {
        List<String> ids = new ArrayList<>();
        for (Experiment e : listExperiments(ViewType.ALL).experiments()) {
            ids.add(e.id());
        }
        for (LoggedModel m : searchLoggedModels(ids)) {
            if (m.modelId().equals(modelId)) {
                return m;
            }
        }
        throw new SourceException(describe(), "no logged model " + modelId);
    }

    /** The logged models a run produced (their {@code source_run_id}). */
    default List<LoggedModel> loggedModelsOfRun(String runId) throws SourceException {
        Run run = getRun(runId);
        List<LoggedModel> out = new ArrayList<>();
        for (LoggedModel m : searchLoggedModels(List.of(run.info().experimentId()))) {
            if (runId.equals(m.sourceRunId())) {
                out.add(m);
            }
        }
        return out;
    }

    /** The datasets a run used ({@code mlflow.log_input}), sorted by (name, digest). */
    default List<DatasetInput> getDatasetInputs(String runId) throws SourceException {
        throw new NotSupportedException(describe(), "this source does not read dataset inputs");
    }

    /**
     * Follows every page of a search; problems of all pages are merged.
     *
     * @throws PartialListingException when a page after the first fails: it carries the pages read before
     */
    default RunPage searchAllRuns(RunQuery query) throws SourceException {
        return searchAllRuns(query, loaded -> { });
    }

    /**
     * {@link #searchAllRuns(RunQuery)}, telling {@code progress} the number of runs loaded after each page.
     */
    default RunPage searchAllRuns(RunQuery query, java.util.function.IntConsumer progress) throws SourceException {
        List<Run> runs = new ArrayList<>();
        List<LoadProblem> problems = new ArrayList<>();
        RunQuery q = query.withPageToken(null);
        while (true) {
            if (Thread.currentThread().isInterrupted()) {
                throw new SourceException(describe(), "cancelled");
            }
            RunPage page;
            try {
                page = searchRuns(q);
            } catch (PartialListingException e) {
                throw e;
            } catch (SourceException e) {
                if (q.pageToken() == null) {
                    throw e;
                }
                throw new PartialListingException(e, new RunPage(runs, problems, q.pageToken()));
            }
            runs.addAll(page.runs());
            problems.addAll(page.problems());
            progress.accept(runs.size());
            if (!page.hasNext()) {
                return new RunPage(runs, problems, null);
            }
            q = q.withPageToken(page.nextPageToken());
        }
    }

    @Override
    default void close() throws SourceException {
    }
}
