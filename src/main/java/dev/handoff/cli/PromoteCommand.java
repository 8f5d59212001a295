package dev.handoff.cli;

import dev.handoff.bundle.Promotion;
import dev.handoff.bundle.PromotionGate;
import dev.handoff.bundle.manifest.EcKeys;
import dev.handoff.runs.ModelRef;
import dev.handoff.runs.ModelVersion;
import dev.handoff.runs.RegisteredModel;
import dev.handoff.runs.RegistryWrites;
import dev.handoff.runs.RunSource;
import dev.handoff.runs.SourceException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.util.concurrent.Callable;

/**
 * {@code handoff promote}: sets a registered model alias on a tracking server once the bundle passes the governance
 * gate ({@link PromotionGate}), writes the {@code handoff.*} version tags and records the alias it replaced so
 * {@code --rollback} restores it. The one write the workbench makes to a tracking server.
 */
@Command(name = "promote", mixinStandardHelpOptions = true,
        description = {"Promotes a registered model version: verifies the bundle, checks the governance gate (every required",
                "checklist line signed off, explanation sign-offs approving this model's SHA-256, verification intact,",
                "the version's model file equal to the bundle's by SHA-256) and only then sets the alias on the tracking",
                "server and tags the version (handoff.bundle.sha256, handoff.checklist.status, handoff.reviewers,",
                "handoff.verified_at, handoff.replaced.<alias>). Refuses with the outstanding lines otherwise.",
                "Needs credentials: MLFLOW_TRACKING_USERNAME/PASSWORD or MLFLOW_TRACKING_TOKEN.",
                "--rollback --model NAME --alias A points the alias back at the version it replaced."})
final class PromoteCommand implements Callable<Integer> {
    /** Version tag recording which version an alias pointed at before a promotion ("none" when unset). */
    static final String REPLACED_PREFIX = Promotion.REPLACED_PREFIX;

    @Mixin
    StoreOption store = new StoreOption();
    @Option(names = "--bundle", paramLabel = "DIR|ZIP", description = "The verified bundle of the version's model.")
    Path bundle;
    @Option(names = "--model", required = true, paramLabel = "NAME/VERSION", description = "The version to promote (NAME with --rollback).")
    String model;
    @Option(names = "--alias", required = true, paramLabel = "ALIAS", description = "The alias to set, e.g. champion.")
    String alias;
    @Option(names = "--key", paramLabel = "PUB.pem", description = "Require the bundle's manifest to be signed with this Ed25519 key.")
    Path key;
    @Option(names = "--artifact", defaultValue = "model/model.tribuo", paramLabel = "PATH",
            description = "The model's artifact path in the run when the version's source is not runs:/ (default: ${DEFAULT-VALUE}).")
    String artifact;
    @Option(names = "--rollback", description = "Point the alias back at the version the last promotion replaced.")
    boolean rollback;
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (RunSource source = store.open()) {
            RegistryWrites writer;
            try {
                writer = Promotion.writerFor(source);
            } catch (SourceException e) {
                throw new CliFailure(e.getMessage(), e);
            }
            return rollback ? rollback(source, writer, out) : promote(source, writer, out, err);
        } catch (SourceException e) {
            throw new CliFailure(e.getMessage() + " (nothing was changed after this error)", e);
        }
    }

    private int promote(RunSource source, RegistryWrites writer, PrintWriter out, PrintWriter err) throws SourceException {
        if (bundle == null) {
            throw new CliFailure("--bundle is required to promote (the gate checks it)", 2);
        }
        ModelRef ref;
        try {
            ref = ModelRef.parse(model);
        } catch (IllegalArgumentException e) {
            throw new CliFailure(e.getMessage(), 2);
        }
        PublicKey trusted = null;
        if (key != null) {
            try {
                trusted = EcKeys.readPublicKey(key);
            } catch (IOException e) {
                throw new CliFailure(e.getMessage(), e);
            }
        }
        Promotion.Plan plan = Promotion.plan(source, ref, alias, bundle, trusted, artifact, Clock.systemUTC());
        if (plan.readProblem() != null) {
            err.println("handoff: " + plan.readProblem());
        }
        if (!plan.allowed()) {
            err.println("handoff: promotion of " + plan.target() + " to @" + plan.alias() + " refused; outstanding:");
            plan.gate().outstanding().forEach(line -> err.println("  - " + line));
            throw new CliFailure("promotion refused (" + plan.gate().outstanding().size() + " outstanding); nothing was changed");
        }
        Promotion.apply(plan, writer, out::println);
        out.println("Promoted " + plan.target() + " to @" + plan.alias() + " on " + writer.describe());
        out.flush();
        return 0;
    }

    private int rollback(RunSource source, RegistryWrites writer, PrintWriter out) throws SourceException {
        String name = model;
        try {
            name = ModelRef.parse(model).name();
        } catch (IllegalArgumentException e) {
            // a bare name
        }
        RegisteredModel rm = source.getRegisteredModel(name);
        String current = rm.aliases().get(alias);
        if (current == null) {
            throw new CliFailure("registered model '" + name + "' has no alias @" + alias + ": nothing to roll back");
        }
        ModelVersion v = source.getModelVersion(name, current);
        String replaced = v.tags().get(REPLACED_PREFIX + alias);
        if (replaced == null) {
            throw new CliFailure("version " + current + " of '" + name + "' has no " + REPLACED_PREFIX + alias
                    + " tag: @" + alias + " was not set by 'handoff promote', nothing was changed");
        }
        if (replaced.equals("none")) {
            writer.deleteAlias(name, alias);
            out.println("deleted alias @" + alias + " of " + name + " (was version " + current + ", unset before the promotion)");
        } else {
            writer.setAlias(name, alias, replaced);
            out.println("set alias @" + alias + " of " + name + ": version " + current + " -> version " + replaced);
        }
        writer.deleteVersionTag(name, current, REPLACED_PREFIX + alias);
        out.println("deleted tag " + REPLACED_PREFIX + alias + " on " + name + " version " + current);
        out.println("Rolled back @" + alias + " of " + name + " on " + writer.describe());
        out.flush();
        return 0;
    }
}
