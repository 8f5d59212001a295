package dev.handoff.bundle.model;

import com.oracle.labs.mlrg.olcut.config.json.JsonProvenanceSerialization;
import com.oracle.labs.mlrg.olcut.provenance.ListProvenance;
import com.oracle.labs.mlrg.olcut.provenance.MapProvenance;
import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.PrimitiveProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import com.oracle.labs.mlrg.olcut.provenance.primitives.FileProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.HashProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.URLProvenance;
import com.oracle.labs.mlrg.olcut.util.Pair;
import org.tribuo.provenance.ModelProvenance;
import org.tribuo.provenance.TrainerProvenance;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Reads the facts a bundle needs out of Tribuo's {@link ModelProvenance}. */
public final class TribuoProvenance {
    /** Trainer provenance entries that describe the run, not the configuration. */
    private static final Set<String> NON_PARAMETERS = Set.of("class-name", "host-short-name",
            TrainerProvenance.TRAIN_INVOCATION_COUNT, TrainerProvenance.IS_SEQUENCE, TrainerProvenance.TRIBUO_VERSION_STRING);

    /**
     * A data source found in the dataset provenance.
     *
     * @param className provenance class of the source, e.g. the CSV data source
     * @param location path or URL of the source, or null
     * @param sha256 the source's {@code resource-hash}, or null when the source has none (e.g. in-memory data)
     */
    public record DataSource(String className, String location, String sha256) {
    }

    private static final String RESOURCE_HASH = "resource-hash";

    private TribuoProvenance() {
    }

    /** Olcut's JSON form of the full provenance (marshalled via {@link ProvenanceUtil#marshalProvenance}). */
    public static String toJson(ModelProvenance provenance) {
        return new JsonProvenanceSerialization(true).serializeToString(ProvenanceUtil.marshalProvenance(provenance));
    }

    /** Trainer configuration as name → value text; nested objects are summarised by their class name. */
    public static Map<String, String> trainerParameters(ModelProvenance provenance) {
        Map<String, String> params = new LinkedHashMap<>();
        for (Pair<String, Provenance> entry : provenance.getTrainerProvenance()) {
            if (!NON_PARAMETERS.contains(entry.getA())) {
                params.put(entry.getA(), summarise(entry.getB()));
            }
        }
        return params;
    }

    /**
     * The data sources in the dataset provenance that carry a {@code resource-hash} (nested sources and
     * transformations included); when none does, the top-level source without a hash.
     */
    public static List<DataSource> dataSources(ModelProvenance provenance) {
        ObjectProvenance top = provenance.getDatasetProvenance().getSourceProvenance();
        List<DataSource> hashed = new ArrayList<>();
        collectHashed(top, hashed);
        return hashed.isEmpty() ? List.of(describe(top)) : hashed;
    }

    private static void collectHashed(Provenance provenance, List<DataSource> out) {
        if (provenance instanceof ObjectProvenance object) {
            DataSource source = describe(object);
            if (source.sha256() != null) {
                out.add(source);
            }
            for (Pair<String, Provenance> entry : object) {
                collectHashed(entry.getB(), out);
            }
        } else if (provenance instanceof ListProvenance<?> list) {
            list.getList().forEach(p -> collectHashed(p, out));
        } else if (provenance instanceof MapProvenance<?> map) {
            map.getMap().values().forEach(p -> collectHashed(p, out));
        }
    }

    private static DataSource describe(ObjectProvenance object) {
        String location = null;
        String hash = null;
        for (Pair<String, Provenance> entry : object) {
            Provenance value = entry.getB();
            if (value instanceof HashProvenance h && RESOURCE_HASH.equals(entry.getA())) {
                hash = h.getValue().toLowerCase(Locale.ROOT);
            } else if (location == null && (value instanceof FileProvenance || value instanceof URLProvenance)) {
                location = String.valueOf(((PrimitiveProvenance<?>) value).getValue());
            }
        }
        return new DataSource(object.getClassName(), location, hash);
    }

    /**
     * A link to a data file that means something off the training machine: a relative path or a non-file URL as
     * recorded; for an absolute path (or {@code file:} URL), the path relative to {@code projectDir} of the longest
     * trailing part of it that names a file there (with {@code sha256}, when known, as its content); else null.
     */
    public static String portableLink(String location, String sha256, java.nio.file.Path projectDir) {
        if (location == null || location.isBlank()) {
            return null;
        }
        String path = location;
        if (location.regionMatches(true, 0, "file:", 0, 5)) {
            try {
                path = java.nio.file.Path.of(java.net.URI.create(location)).toString();
            } catch (RuntimeException e) {
                path = location.substring(5);
            }
        } else if (location.matches("^[A-Za-z][A-Za-z0-9+.-]+://.*")) {
            return location;
        }
        String slashed = path.replace('\\', '/');
        boolean absolute = slashed.startsWith("/") || slashed.matches("^[A-Za-z]:/.*");
        if (!absolute) {
            return slashed;
        }
        if (projectDir == null) {
            return null;
        }
        String[] parts = java.util.Arrays.stream(slashed.split("/")).filter(x -> !x.isEmpty()).toArray(String[]::new);
        for (int from = 0; from < parts.length; from++) {
            String relative = String.join("/", java.util.Arrays.copyOfRange(parts, from, parts.length));
            if (relative.contains("..")) {
                continue;
            }
            java.nio.file.Path candidate = projectDir.resolve(relative);
            if (java.nio.file.Files.isRegularFile(candidate)) {
                try {
                    if (sha256 == null || sha256.equalsIgnoreCase(dev.handoff.bundle.io.Digests.sha256Hex(candidate))) {
                        return relative;
                    }
                } catch (java.io.IOException e) {
                    return null;
                }
            }
        }
        return null;
    }

    private static String summarise(Provenance provenance) {
        if (provenance instanceof PrimitiveProvenance<?> primitive) {
            return String.valueOf(primitive.getValue());
        }
        if (provenance instanceof ObjectProvenance object) {
            return object.getClassName();
        }
        if (provenance instanceof ListProvenance<?> list) {
            return list.getList().stream().map(TribuoProvenance::summarise).toList().toString();
        }
        return provenance.toString();
    }
}
