package dev.handoff.bundle;

import dev.handoff.bundle.io.Digests;
import dev.handoff.runs.ModelRef;
import dev.handoff.runs.ModelVersion;
import dev.handoff.runs.RegisteredModel;
import dev.handoff.runs.RegistryWrites;
import dev.handoff.runs.RunSource;
import dev.handoff.runs.SourceException;
import dev.handoff.runs.source.rest.MlflowRestSource;
import dev.handoff.runs.source.rest.RegistryWriter;
import dev.handoff.runs.source.rest.RestAuth;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A gated promotion of a registered model version to an alias, as {@code handoff promote} and the workbench's Promote
 * button make it: {@link #plan} reads the version and its model, asks the {@link PromotionGate} and says exactly what
 * would change (without writing anything); {@link #apply} then writes the {@code handoff.*} version tags and the alias.
 * The alias it replaces is recorded in {@code handoff.replaced.<alias>} so a rollback is one command.
 */
public final class Promotion {
    /** Version tag recording which version an alias pointed at before a promotion ("none" when unset). */
    public static final String REPLACED_PREFIX = "handoff.replaced.";

    private Promotion() {
    }

    /**
     * What a promotion would do.
     *
     * @param previousVersion the version the alias points at now, null when unset
     * @param tags            the version tags it would write, in order (with the time of verification)
     * @param readProblem     why the version's model file could not be read, or null
     */
    public record Plan(ModelVersion version, String alias, String previousVersion, PromotionGate.Decision gate,
                       Map<String, String> tags, String readProblem) {
        public Plan {
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(alias, "alias");
            tags = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tags));
        }

        public boolean allowed() {
            return gate.allowed();
        }

        /** {@code credit-risk version 3}. */
        public String target() {
            return version.name() + " version " + version.version();
        }

        /** The alias change, e.g. {@code alias @champion of credit-risk: version 1 -> version 2}. */
        public String aliasChange() {
            return "alias @" + alias + " of " + version.name() + ": "
                    + (previousVersion == null ? "(unset)" : "version " + previousVersion) + " -> version " + version.version();
        }

        /** Every write, one line each, as {@link #apply} reports them once done. */
        public List<String> changes() {
            List<String> out = new ArrayList<>();
            tags.forEach((k, v) -> out.add("set tag " + k + " = " + v + " on " + target()));
            out.add("set " + aliasChange());
            return out;
        }
    }

    /**
     * The writer for {@code source}'s tracking server.
     *
     * @throws SourceException when {@code source} is not a tracking server or has no credentials
     */
    public static RegistryWrites writerFor(RunSource source) throws SourceException {
        RegistryWriter writer = RegistryWriter.of(source);
        if (source instanceof MlflowRestSource rest && rest.config().auth() instanceof RestAuth.None) {
            throw new SourceException(null, "promotion needs credentials: set MLFLOW_TRACKING_USERNAME and "
                    + "MLFLOW_TRACKING_PASSWORD (or MLFLOW_TRACKING_TOKEN) for " + rest.config().base());
        }
        return writer;
    }

    /**
     * Resolves {@code ref}, reads the version's model file and checks {@code bundle} against the gate. Writes nothing.
     *
     * @param trustedKey       the key the bundle's manifest must be signed with, or null
     * @param fallbackArtifact the model's artifact path in the run when the version's source is not {@code runs:/}
     */
    public static Plan plan(RunSource source, ModelRef ref, String alias, Path bundle, PublicKey trustedKey,
                            String fallbackArtifact, Clock clock) throws SourceException {
        checkAlias(alias);
        ModelVersion v = ref.resolve(source);
        String versionSha = null;
        String problem = null;
        String path = RegistryProvenance.modelArtifactOf(v, fallbackArtifact);
        if (v.runId() != null) {
            try (InputStream in = source.openArtifact(v.runId(), path)) {
                versionSha = Digests.sha256Hex(in.readAllBytes());
            } catch (SourceException | IOException e) {
                problem = "cannot read the version's model " + path + " of run " + v.runId() + ": " + e.getMessage();
            }
        }
        PromotionGate.Decision gate = PromotionGate.check(bundle, trustedKey, versionSha);
        RegisteredModel rm = source.getRegisteredModel(v.name());
        String previous = rm.aliases().get(alias.trim());
        Map<String, String> tags = new LinkedHashMap<>(gate.tags());
        tags.put("handoff.verified_at", clock.instant().toString());
        if (!v.version().equals(previous)) {
            // re-promoting the version the alias already names keeps the record of what it replaced, so a rollback
            // still restores the version before it
            tags.put(REPLACED_PREFIX + alias.trim(), previous == null ? "none" : previous);
        }
        return new Plan(v, alias.trim(), previous, gate, tags, problem);
    }

    /**
     * Refuses, before anything is written, an alias MLflow's registry would refuse when it is set (after the tags):
     * blank, longer than 255 characters, other characters than word characters and dashes, {@code latest}
     * (reserved, in any case) or {@code v<digits>} (a version reference) — MLflow's own rules for alias names.
     */
    static void checkAlias(String alias) {
        if (alias == null || alias.isBlank()) {
            throw new IllegalArgumentException("enter the alias to set, e.g. champion");
        }
        String a = alias.trim();
        if (a.length() > 255) {
            throw new IllegalArgumentException("alias '" + a + "' is longer than MLflow's 255 characters");
        }
        if (!a.matches("(?U)[\\w-]+")) {
            throw new IllegalArgumentException("alias '" + a + "' may only contain letters, digits, underscores (_)"
                    + " and dashes (-), as MLflow's registry requires");
        }
        if (a.equalsIgnoreCase("latest") || a.matches("(?i)v\\d+")) {
            throw new IllegalArgumentException("alias '" + a + "' is reserved by MLflow's registry ('latest' and"
                    + " 'v<number>' name versions); choose another, e.g. champion");
        }
    }

    /**
     * Writes an allowed plan: the version tags, then the alias. Each write is reported to {@code done} once made, so
     * after a failure the caller can say exactly what had changed.
     *
     * @throws IllegalStateException when the gate refused the plan
     */
    public static void apply(Plan plan, RegistryWrites writer, Consumer<String> done) throws SourceException {
        if (!plan.allowed()) {
            throw new IllegalStateException("promotion of " + plan.target() + " was refused by the gate");
        }
        ModelVersion v = plan.version();
        for (Map.Entry<String, String> t : plan.tags().entrySet()) {
            writer.setVersionTag(v.name(), v.version(), t.getKey(), t.getValue());
            done.accept("set tag " + t.getKey() + " = " + t.getValue() + " on " + plan.target());
        }
        writer.setAlias(v.name(), plan.alias(), v.version());
        done.accept("set " + plan.aliasChange());
    }
}
