package dev.handoff.cli;

import dev.handoff.bundle.BundleVerifier;
import dev.handoff.bundle.VerificationReport;
import dev.handoff.bundle.manifest.Ed25519Keys;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.concurrent.Callable;

/** {@code handoff verify BUNDLE}: exit 0 only when every file matches the manifest (and the signature, with --key). */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Recomputes the SHA-256 of every file of a bundle (directory or .zip) and checks the manifest",
                "and, with --key, its Ed25519 signature. Names every missing, extra and changed file, and every",
                "sign-off in explanations/signoffs.json that names another model or whose signed result changed.",
                "Exit code 0 only when the bundle is intact."})
final class VerifyCommand implements Callable<Integer> {
    @Parameters(paramLabel = "BUNDLE")
    Path bundle;
    @Option(names = "--key", paramLabel = "PUB.pem", description = "Trusted Ed25519 public key: the manifest must be signed with it.")
    Path key;
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (!Files.exists(bundle)) {
            throw new CliFailure(bundle + ": no such file or folder");
        }
        PublicKey trusted = null;
        if (key != null) {
            try {
                trusted = dev.handoff.bundle.manifest.EcKeys.readPublicKey(key);
            } catch (IOException e) {
                throw new CliFailure(e.getMessage(), e);
            }
        }
        VerificationReport report = BundleVerifier.verify(bundle, trusted);
        PrintWriter out = spec.commandLine().getOut();
        out.println("Bundle " + (report.bundleName() == null ? bundle : report.bundleName()) + " (" + bundle + ")");
        report.describe().forEach(line -> out.println("  " + line));
        out.flush();
        return report.intact() ? 0 : HandoffCli.EXIT_FAILURE;
    }
}
