package dev.handoff.cli;

import dev.handoff.bundle.model.TribuoModelFiles;
import dev.handoff.runs.RunSource;
import dev.handoff.runs.SourceException;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

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
        if (where.file != null) {
            return read(where.file, where.file.toString());
        }
        try (RunSource source = store.open(); InputStream in = source.openArtifact(where.runId, artifact)) {
            Path tmp = Files.createTempFile("handoff-model", ".tribuo");
            try {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                return read(tmp, "artifact " + artifact + " of run " + where.runId);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (SourceException | IOException e) {
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

    /** A classifier or a regressor: the models {@code handoff explain} can explain. */
    Model<?> loadExplainable() {
        Model<?> m = load();
        if (!m.validate(Label.class) && !m.validate(org.tribuo.regression.Regressor.class)) {
            throw new CliFailure("the model '" + m.getName() + "' is neither a classifier nor a regressor (it predicts "
                    + m.getOutputIDInfo().getDomain().getClass().getSimpleName()
                    + "); explanations need a Tribuo Label or Regressor model");
        }
        return m;
    }

    private static Model<?> read(Path file, String what) {
        if (!Files.isRegularFile(file)) {
            throw new CliFailure(what + ": no such file");
        }
        try {
            return TribuoModelFiles.readModel(file);
        } catch (IOException | RuntimeException e) {
            throw new CliFailure(what + ": not a readable Tribuo protobuf model (" + e.getMessage() + ")", e);
        }
    }
}
