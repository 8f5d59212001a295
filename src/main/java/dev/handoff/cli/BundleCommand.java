package dev.handoff.cli;

import dev.handoff.bundle.BundleWriter;
import dev.handoff.bundle.ExportRefusedException;
import dev.handoff.bundle.RegistryProvenance;
import dev.handoff.bundle.RunBundleExport;
import dev.handoff.bundle.checklist.Checklist;
import dev.handoff.bundle.checklist.ChecklistIo;
import dev.handoff.bundle.checklist.ExportPolicy;
import dev.handoff.bundle.manifest.Ed25519Keys;
import dev.handoff.bundle.review.ReviewStore;
import dev.handoff.explain.Cancellation;
import dev.handoff.runs.ModelRef;
import dev.handoff.runs.RunSource;
import dev.handoff.runs.SourceException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code handoff bundle export}. */
@Command(name = "bundle", mixinStandardHelpOptions = true, description = "Build deployment bundles.",
        subcommands = {BundleCommand.Export.class})
final class BundleCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "choose 'bundle export'");
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = {"Exports the deployment bundle of a run: Tribuo model (+ ONNX and MLflow MLmodel where exportable),",
                    "held-out metrics, group fairness, explanations, model card, governance checklist and a SHA-256 manifest.",
                    "Without --data the held-out metrics, fairness and explanations are left out (listed as warnings in bundle.json).",
                    "OUT ending in .zip writes a zip; anything else a directory. Nothing is left at OUT if the export fails."})
    static final class Export implements Callable<Integer> {
        @Mixin
        StoreOption store = new StoreOption();
        @Option(names = "--run", paramLabel = "RUN_ID", description = "The run whose model to bundle (or --model).")
        String runId;
        @Option(names = "--model", paramLabel = "NAME@ALIAS|NAME/VERSION",
                description = {"A registered model version instead of --run, e.g. credit-risk@champion or credit-risk/3",
                        "(also models:/...). Bundles the version's run and model; provenance/registry.json and the card",
                        "record the name, version, alias, run, logged model and the run's dataset digests."})
        String model;
        @Option(names = "--artifact", defaultValue = "model/model.tribuo", paramLabel = "PATH",
                description = "The model's artifact path in the run (default: ${DEFAULT-VALUE}).")
        String artifact;
        @Option(names = {"-d", "--data"}, paramLabel = "CSV",
                description = "Labelled held-out rows for evaluation, fairness and explanations (optional).")
        Path data;
        @Option(names = "--train", paramLabel = "CSV",
                description = "The training rows, profiled into monitoring/reference_profile.json (the drift baseline; optional).")
        Path train;
        @Option(names = "--label-column", paramLabel = "NAME", description = "The label column of --data (required with --data).")
        String labelColumn;
        @Option(names = "--sensitive", paramLabel = "COLUMN", description = "A column of --data for per-group fairness metrics.")
        String sensitive;
        @Option(names = "--positive", paramLabel = "LABEL", description = "The positive class (default: yes/1/true/positive if present).")
        String positive;
        @Option(names = "--reason-codes", paramLabel = "FILE.yml",
                description = {"The reason-code table for explanations/reasons.json, reasons.html and monotonicity.json",
                        "(default: the project's reason-codes.yml, if any); its file name and SHA-256 are recorded in bundle.json."})
        Path reasonCodes;
        @Option(names = "--adverse-class", paramLabel = "CLASS",
                description = "The adverse class principal reasons explain (default: the table's adverse_class, else the positive class).")
        String adverseClass;
        @Option(names = "--explain-rows", defaultValue = "20", paramLabel = "N", description = "Held-out rows to explain (default: ${DEFAULT-VALUE}).")
        int explainRows;
        @Option(names = "--seed", defaultValue = "42")
        long seed;
        @Option(names = "--checklist", paramLabel = "FILE.yml", description = "A signed-off checklist (default: the built-in one, all lines pending).")
        Path checklist;
        @Option(names = "--policy", defaultValue = "refuse", paramLabel = "refuse|warn",
                description = "What pending or blocked required checklist lines do: refuse the export or warn (default: ${DEFAULT-VALUE}).")
        String policy;
        @Option(names = "--sign-key", paramLabel = "KEY.pem", description = "Ed25519 private key (from 'handoff keys') to sign the manifest.")
        Path signKey;
        @Option(names = "--public-key", paramLabel = "PUB.pem", description = "The matching public key (default: KEY.pem with .pub).")
        Path publicKey;
        @Option(names = "--force", description = "Replace an existing bundle at OUT.")
        boolean force;
        @Option(names = {"-o", "--out"}, required = true, paramLabel = "OUT")
        Path out;
        @Option(names = "--card-overview", paramLabel = "TEXT", description = "Model card: what the model does and for whom.")
        String overview;
        @Option(names = "--card-owner", paramLabel = "NAME", description = "Model card: owner's name.")
        String owner;
        @Option(names = "--card-contact", paramLabel = "EMAIL", description = "Model card: owner's contact.")
        String contact;
        @Option(names = {"--license", "--card-license"}, paramLabel = "SPDX", description = "Model card: license identifier, e.g. Apache-2.0 (without it the card says the license is unspecified).")
        String license;
        @Option(names = "--card-user", paramLabel = "TEXT", description = "Model card: intended users (repeatable).")
        java.util.List<String> users = new java.util.ArrayList<>();
        @Option(names = "--card-use-case", paramLabel = "TEXT", description = "Model card: use cases (repeatable).")
        java.util.List<String> useCases = new java.util.ArrayList<>();
        @Option(names = "--card-limitation", paramLabel = "TEXT", description = "Model card: limitations (repeatable).")
        java.util.List<String> limitations = new java.util.ArrayList<>();
        @Option(names = "--card-tradeoff", paramLabel = "TEXT", description = "Model card: trade-offs (repeatable).")
        java.util.List<String> tradeoffs = new java.util.ArrayList<>();
        @Option(names = "--card-risk", paramLabel = "RISK[: MITIGATION]", description = "Model card: ethical risk and its mitigation (repeatable).")
        java.util.List<String> risks = new java.util.ArrayList<>();
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter o = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            ExportPolicy exportPolicy = switch (policy.toLowerCase(Locale.ROOT)) {
                case "refuse" -> ExportPolicy.REFUSE;
                case "warn" -> ExportPolicy.WARN;
                default -> throw new CliFailure("--policy must be refuse or warn, got '" + policy + "'", 2);
            };
            if (data == null) {
                for (var opt : new String[][]{{"--sensitive", sensitive}, {"--label-column", labelColumn}, {"--positive", positive},
                        {"--reason-codes", reasonCodes == null ? null : reasonCodes.toString()}, {"--adverse-class", adverseClass}}) {
                    if (opt[1] != null) {
                        throw new CliFailure(opt[0] + " needs --data: it names a column or class of the held-out CSV", 2);
                    }
                }
            } else if (labelColumn == null) {
                throw new CliFailure("--data needs --label-column: the column of " + data + " with the true class", 2);
            }
            if (reasonCodes != null && !java.nio.file.Files.isRegularFile(reasonCodes)) {
                throw new CliFailure("--reason-codes " + reasonCodes + ": no such file", 2);
            }
            Checklist list;
            try {
                list = checklist == null ? ChecklistIo.loadDefault() : ChecklistIo.load(checklist);
            } catch (IOException | RuntimeException e) {
                throw new CliFailure(e.getMessage(), e);
            }
            KeyPair signer = null;
            if (signKey != null) {
                Path pub = publicKey != null ? publicKey : Path.of(signKey.toString().replaceFirst("\\.key$|\\.pem$", "") + ".pub");
                try {
                    signer = new KeyPair(dev.handoff.bundle.manifest.EcKeys.readPublicKey(pub), dev.handoff.bundle.manifest.EcKeys.readPrivateKey(signKey));
                } catch (IOException e) {
                    throw new CliFailure(e.getMessage(), e);
                }
            }
            if ((runId == null) == (model == null)) {
                throw new CliFailure("give either --run RUN_ID or --model NAME@ALIAS|NAME/VERSION", 2);
            }
            try (RunSource source = store.open()) {
                RegistryProvenance registry = null;
                String runId = this.runId;
                String artifact = this.artifact;
                if (model != null) {
                    ModelRef ref;
                    try {
                        ref = ModelRef.parse(model);
                    } catch (IllegalArgumentException e) {
                        throw new CliFailure(e.getMessage(), 2);
                    }
                    boolean artifactGiven = spec.commandLine().getParseResult().hasMatchedOption("--artifact");
                    registry = RegistryProvenance.resolve(source, ref, artifactGiven ? artifact : null, artifact);
                    runId = registry.runId();
                    artifact = registry.modelArtifact();
                    err.println("handoff: " + ref + " is " + registry.describe() + ", model artifact " + artifact);
                }
                RunBundleExport.Request request = new RunBundleExport.Request(runId, artifact, data, labelColumn, sensitive,
                        positive, explainRows, seed, list, exportPolicy, signer,
                        ReviewStore.userDefault().reviews(ReviewStore.runModelRef(runId, artifact)),
                        new RunBundleExport.CardEdits(overview, owner, contact, license, users, useCases, limitations,
                                tradeoffs, risks)).withTraining(train).withReasons(reasonCodes, adverseClass);
                BundleWriter writer = RunBundleExport.prepare(source, request, registry,
                        (done, total, msg) -> err.println("handoff: " + msg + " ..."), Cancellation.NONE);
                writer.replaceExisting(force);
                BundleWriter.Result result = out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip")
                        ? writer.writeZip(out) : writer.write(out);
                result.warnings().forEach(w -> err.println("handoff: warning: " + w));
                o.println("Wrote bundle " + result.path() + " (" + result.manifest().resources().size() + " files"
                        + (result.signed() ? ", signed" : ", unsigned") + ")");
                o.flush();
                return 0;
            } catch (ExportRefusedException e) {
                throw new CliFailure(e.getMessage() + " (sign off the lines with a checklist file, or use --policy warn)", e);
            } catch (FileAlreadyExistsException e) {
                throw new CliFailure(out + ": already exists (use --force to replace it)", e);
            } catch (SourceException | IOException | IllegalArgumentException e) {
                throw new CliFailure(e.getMessage(), e);
            }
        }
    }
}
