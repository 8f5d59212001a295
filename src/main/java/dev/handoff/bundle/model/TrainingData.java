package dev.handoff.bundle.model;

import dev.handoff.bundle.io.Digests;
import dev.handoff.explain.FeatureTable;
import dev.handoff.explain.ReferenceData;
import dev.handoff.runs.ArtifactRef;
import dev.handoff.runs.RunSource;
import dev.handoff.runs.SourceException;
import org.tribuo.Model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the data a run's model was trained on, for TreeSHAP's CART node covers: so the same row gets the same
 * explanation whatever file is explained. In order:
 * <ol>
 *   <li>a CSV the run logged as an artifact whose file name starts with {@code train} (at most two folders deep;
 *       one whose SHA-256 is the model provenance's {@code resource-hash} wins);</li>
 *   <li>the file the model's provenance names as its training source, found in the project folder with the recorded
 *       SHA-256 (the same matching as the model card's data links).</li>
 * </ol>
 * A {@code --background} file given by hand replaces both. When nothing is found the explained data is used and the
 * report says so ({@link ReferenceData#explainedData}).
 */
public final class TrainingData {
    private static final int MAX_DEPTH = 2;

    /**
     * A training-data file.
     *
     * @param file   where its bytes are (for a run artifact: a temporary copy the caller may delete)
     * @param source how the report names it
     * @param sha256 its SHA-256
     */
    public record Found(Path file, String source, String sha256) {
    }

    private TrainingData() {
    }

    /**
     * The training data of {@code model}, or empty.
     *
     * @param source     the run's store, or null for a model file
     * @param runId      the run, or null
     * @param projectDir the folder holding the store (for the provenance's file), or null
     */
    public static Optional<Found> find(RunSource source, String runId, Model<?> model, Path projectDir)
            throws IOException {
        Set<String> recorded = provenanceHashes(model);
        if (source != null && runId != null) {
            List<ArtifactRef> csvs = new ArrayList<>();
            try {
                collect(source, runId, "", 0, csvs);
            } catch (SourceException e) {
                csvs.clear();
            }
            csvs.sort(Comparator.comparing(ArtifactRef::path));
            Found first = null;
            for (ArtifactRef ref : csvs) {
                Path copy = Files.createTempFile("handoff-train-", ".csv");
                copy.toFile().deleteOnExit();
                try (InputStream in = source.openArtifact(runId, ref.path())) {
                    Files.copy(in, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                } catch (SourceException e) {
                    Files.deleteIfExists(copy);
                    continue;
                }
                String sha = Digests.sha256Hex(copy);
                boolean matches = recorded.contains(sha);
                Found found = new Found(copy, "training data: run artifact " + ref.path()
                        + (matches ? " (SHA-256 as in the model's provenance)" : ""), sha);
                if (matches) {
                    return Optional.of(found);
                }
                if (first == null) {
                    first = found;
                } else {
                    Files.deleteIfExists(copy);
                }
            }
            if (first != null) {
                return Optional.of(first);
            }
        }
        if (projectDir != null) {
            int examples = model.getProvenance().getDatasetProvenance().getNumExamples();
            for (TribuoProvenance.DataSource ds : TribuoProvenance.dataSources(model.getProvenance())) {
                if (ds.sha256() == null || ds.location() == null) {
                    continue;
                }
                String link = TribuoProvenance.portableLink(ds.location(), ds.sha256(), projectDir);
                if (link != null) {
                    Path file = projectDir.resolve(link).normalize();
                    if (file.startsWith(projectDir.normalize()) && Files.isRegularFile(file)) {
                        return Optional.of(new Found(file, "training data: " + link + " (the model's provenance names"
                                + " it with this SHA-256; the model was trained on " + examples + " examples of it)",
                                ds.sha256()));
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** Reads a found file's model-feature columns as covers. */
    public static ReferenceData read(Found found, List<String> features) throws IOException {
        return new ReferenceData(FeatureTable.fromCsv(found.file(), null, features).alignTo(features), found.source(),
                found.sha256());
    }

    /** Reads a file given by hand ({@code --background}) as covers. */
    public static ReferenceData readFile(Path file, List<String> features) throws IOException {
        return new ReferenceData(FeatureTable.fromCsv(file, null, features).alignTo(features),
                "training data: " + file.getFileName() + " (given as --background)", Digests.sha256Hex(file));
    }

    private static Set<String> provenanceHashes(Model<?> model) {
        java.util.Set<String> out = new java.util.HashSet<>();
        try {
            for (TribuoProvenance.DataSource ds : TribuoProvenance.dataSources(model.getProvenance())) {
                if (ds.sha256() != null) {
                    out.add(ds.sha256().toLowerCase(Locale.ROOT));
                }
            }
        } catch (RuntimeException e) {
            // a model without dataset provenance: no hash to prefer
        }
        return out;
    }

    private static void collect(RunSource source, String runId, String path, int depth, List<ArtifactRef> out)
            throws SourceException {
        for (ArtifactRef ref : source.listArtifacts(runId, path)) {
            String name = ref.path().substring(ref.path().lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
            if (ref.directory()) {
                if (depth < MAX_DEPTH) {
                    collect(source, runId, ref.path(), depth + 1, out);
                }
            } else if (name.startsWith("train") && name.endsWith(".csv")) {
                out.add(ref);
            }
        }
    }
}
