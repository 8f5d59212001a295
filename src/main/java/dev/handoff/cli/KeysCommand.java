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
        description = "Generates an Ed25519 key pair: NAME.key (PKCS#8 PEM, owner-only) and NAME.pub (X.509 PEM).")
final class KeysCommand implements Callable<Integer> {
    @Option(names = {"-o", "--out"}, defaultValue = "handoff-signing", paramLabel = "NAME",
            description = "Path prefix of the key files (default: ${DEFAULT-VALUE}).")
    String name;
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
        KeyPair kp = Ed25519Keys.generate();
        Ed25519Keys.writePrivateKey(kp.getPrivate(), priv);
        Ed25519Keys.writePublicKey(kp.getPublic(), pub);
        spec.commandLine().getOut().println("Wrote " + priv + " (keep it secret) and " + pub + " (give it to reviewers)\n"
                + "key id " + Ed25519Keys.keyId(kp.getPublic()));
        return 0;
    }
}
