package dev.handoff.cli;

import dev.handoff.bundle.model.ModelArtifact;
import dev.handoff.runs.RunSource;
import dev.handoff.runs.SourceException;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A Tribuo model from a file ({@code --model}) or from a run's artifacts ({@code --run} with {@code --store}). */
final class ModelOption {
    static final class Where {
        @Option(names = {"-m", "--model"}, paramLabel = "FILE", description = "A Tribuo protobuf model file (model.tribuo).")
        Path file;
        @Option(names = "--run", paramLabel = "RUN_ID", description = "Take the model from this run's artifacts (needs --store).")
        String runId;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Where where;
    @Option(names = "--artifact", paramLabel = "PATH", defaultValue = "model/model.tribuo",
            description = "Artifact path of the model in the run (default: ${DEFAULT-VALUE}).")
    String artifact;
    @Mixin
    StoreOption store = new StoreOption();

    /** Loads the model through Tribuo's protobuf path only (never Java deserialization). */
    Model<?> load() {
        return artifact().model();
    }

    /** The model with the SHA-256 of its stored bytes and its review reference ({@code run:<id>/<artifact>}). */
    ModelArtifact artifact() {
        if (where.file != null) {
            if (!Files.isRegularFile(where.file)) {
                throw new CliFailure(where.file + ": no such file");
            }
            try {
                return ModelArtifact.fromFile(where.file);
            } catch (IOException | RuntimeException e) {
                throw new CliFailure(where.file + ": not a readable Tribuo protobuf model (" + e.getMessage() + ")", e);
            }
        }
        try (RunSource source = store.open()) {
            return ModelArtifact.fromRun(source, where.runId, artifact, null);
        } catch (SourceException | IOException | RuntimeException e) {
            throw new CliFailure(e.getMessage(), e);
        }
    }

    /**
     * Explains {@code a} per {@code options}; for a run's model with its store open, so that TreeSHAP's CART covers
     * can be the run's training data.
     */
    dev.handoff.explain.ExplanationReport explain(ModelArtifact a, ExplainOptions options, java.io.PrintWriter err) {
        if (where.file != null) {
            return options.explain(a.model(), null, null, err);
        }
        try (RunSource source = store.open()) {
            return options.explain(a.model(), source, where.runId, err);
        } catch (SourceException e) {
            throw new CliFailure(e.getMessage(), e);
        }
    }

    /**
     * Runs {@code f} with the run's store open and the run id, or with two nulls for a model file.
     */
    <T> T withStore(java.util.function.BiFunction<RunSource, String, T> f) {
        if (where.file != null) {
            return f.apply(null, null);
        }
        try (RunSource source = store.open()) {
            return f.apply(source, where.runId);
        } catch (SourceException e) {
            throw new CliFailure(e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    Model<Label> loadClassifier() {
        Model<?> m = load();
        if (!m.validate(Label.class)) {
            throw new CliFailure("the model '" + m.getName() + "' is not a classifier (it predicts "
                    + m.getOutputIDInfo().getDomain().getClass().getSimpleName() + "); explanations here need a Tribuo Label model");
        }
        return (Model<Label>) m;
    }

    /** A classifier or a regressor: the models {@code handoff explain} and {@code handoff signoff} can explain. */
    ModelArtifact explainable() {
        ModelArtifact a = artifact();
        Model<?> m = a.model();
        if (!m.validate(Label.class) && !m.validate(org.tribuo.regression.Regressor.class)) {
            throw new CliFailure("the model '" + m.getName() + "' is neither a classifier nor a regressor (it predicts "
                    + m.getOutputIDInfo().getDomain().getClass().getSimpleName()
                    + "); explanations need a Tribuo Label or Regressor model");
        }
        return a;
    }

}
