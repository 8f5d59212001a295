package dev.handoff.cli;

import dev.handoff.bundle.manifest.Ed25519Keys;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.concurrent.Callable;

/** {@code handoff keys}: a new Ed25519 key pair for signing bundles. */
@Command(name = "keys", mixinStandardHelpOptions = true,
        description = "Generates a signing key pair: NAME.key (PKCS#8 PEM, owner-only) and NAME.pub (X.509 PEM). Default ECDSA P-256, which signs bundles as model.sig (Sigstore bundle) that OpenSSF model-signing verifies; --type ed25519 for the older DSSE signature.")
final class KeysCommand implements Callable<Integer> {
    @Option(names = {"-o", "--out"}, defaultValue = "handoff-signing", paramLabel = "NAME",
            description = "Path prefix of the key files (default: ${DEFAULT-VALUE}).")
    String name;
    @Option(names = "--type", defaultValue = "p256", paramLabel = "TYPE",
            description = "p256 (default) or ed25519.")
    String type;
    @Option(names = "--force", description = "Overwrite existing key files.")
    boolean force;
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Path priv = Path.of(name + ".key");
        Path pub = Path.of(name + ".pub");
        if (!force && (Files.exists(priv) || Files.exists(pub))) {
            throw new CliFailure(priv + " or " + pub + " already exists (use --force to overwrite)");
        }
        KeyPair kp = switch (type.toLowerCase(java.util.Locale.ROOT)) {
            case "p256", "p-256", "ec" -> dev.handoff.bundle.manifest.EcKeys.generate();
            case "ed25519" -> Ed25519Keys.generate();
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "--type must be p256 or ed25519, not '" + type + "'");
        };
        Ed25519Keys.writePrivateKey(kp.getPrivate(), priv);
        Ed25519Keys.writePublicKey(kp.getPublic(), pub);
        spec.commandLine().getOut().println("Wrote " + priv + " (keep it secret) and " + pub + " (give it to reviewers)\n"
                + (dev.handoff.bundle.manifest.EcKeys.isEc(kp.getPublic())
                ? "P-256 key, hint " + dev.handoff.bundle.manifest.EcKeys.hint(kp.getPublic())
                : "Ed25519 key id " + Ed25519Keys.keyId(kp.getPublic())));
        return 0;
    }
}
