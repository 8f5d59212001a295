package dev.handoff.bundle.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.handoff.bundle.BundleVerifier;
import dev.handoff.bundle.BundleWriter;
import dev.handoff.bundle.TinyModels;
import dev.handoff.bundle.VerificationReport.SignatureStatus;
import dev.handoff.cli.HandoffCli;
import dev.handoff.peer.MlflowPeer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * OpenSSF model-signing (PyPI {@code model-signing}) verifies our signature: {@code model_signing verify key BUNDLE
 * --signature BUNDLE/model.sig --public_key K.pub} succeeds on a bundle signed with a {@code handoff keys} P-256 key,
 * and fails once one byte of a covered file changes. No ignore-paths are needed on the command line: the statement's
 * serialization lists the manifest files and the signature as ignored, and model-signing honours that.
 */
@Tag("peer")
class ModelSigningPeerTest {
    static final List<String> REQUIREMENTS = List.of("model-signing==1.1.1", "pyopenssl==26.4.0");

    @TempDir
    Path tmp;

    @Test
    void modelSigningVerifiesOurSigstoreBundleAndRejectsAChangedByte() throws Exception {
        MlflowPeer ms = MlflowPeer.requireVenv("model-signing-1.1.1", REQUIREMENTS, "import model_signing, OpenSSL");
        var keys = EcKeys.generate();
        Path pub = tmp.resolve("team.pub");
        Ed25519Keys.writePublicKey(keys.getPublic(), pub);
        Path bundle = tmp.resolve("bundle");
        BundleWriter.named("model-signing-check").model(TinyModels.logistic())
                .signWith(keys.getPrivate(), keys.getPublic()).write(bundle);
        assertTrue(Files.isRegularFile(bundle.resolve("model.sig")));
        assertFalse(Files.exists(bundle.resolve("manifest.dsse.json")), "P-256 keys sign model.sig only");
        assertEquals(SignatureStatus.VALID, BundleVerifier.verify(bundle, EcKeys.readPublicKey(pub)).signature());

        MlflowPeer.ProcessResult ok = verify(ms, bundle, pub);
        assertEquals(0, ok.exitCode(), ok.outputTail());

        Path covered = bundle.resolve("tribuo/model.tribuo");
        byte[] bytes = Files.readAllBytes(covered);
        bytes[bytes.length / 2] ^= 1;
        Files.write(covered, bytes);
        MlflowPeer.ProcessResult changed = verify(ms, bundle, pub);
        assertTrue(changed.exitCode() != 0, "model_signing must reject a changed byte:\n" + changed.outputTail());
        assertFalse(BundleVerifier.verify(bundle, EcKeys.readPublicKey(pub)).intact());
    }

    /**
     * The done-when: a bundle exported from the sample project's run with {@code handoff bundle export
     * --sign-key} (key from {@code handoff keys}, P-256 by default) verifies with model_signing, and one changed byte of
     * a covered file makes model_signing fail.
     */
    @Test
    void modelSigningVerifiesABundleExportedFromTheSampleProject() throws Exception {
        MlflowPeer ms = MlflowPeer.requireVenv("model-signing-1.1.1", REQUIREMENTS, "import model_signing, OpenSSL");
        Path project = Path.of(System.getProperty("handoff.repo", ".")).resolve("sample-projects/credit-risk");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = HandoffCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true), Map::of);

        assertEquals(0, cli.execute("runs", "list", "--store", project.toString(), "--json"), err.toString());
        String runId = null;
        for (JsonNode r : new ObjectMapper().readTree(out.toString())) {
            if (r.get("run_name").asText().equals("logreg-adagrad-lr0.05")) {
                runId = r.get("run_id").asText();
            }
        }
        assertNotNull(runId, "the sample has the logistic-regression run: " + out);

        Path prefix = tmp.resolve("team");
        assertEquals(0, cli.execute("keys", "--out", prefix.toString()), err.toString());
        Path pub = tmp.resolve("team.pub");
        assertTrue(EcKeys.isEc(EcKeys.readPublicKey(pub)), "handoff keys makes P-256 keys by default");

        Path bundle = tmp.resolve("sample-bundle");
        assertEquals(0, cli.execute("bundle", "export", "--store", project.toString(), "--run", runId,
                "--data", project.resolve("data/test.csv").toString(), "--label-column", "default",
                "--sensitive", "group", "--explain-rows", "2", "--policy", "warn",
                "--sign-key", tmp.resolve("team.key").toString(), "--out", bundle.toString()), err.toString());
        assertTrue(Files.isRegularFile(bundle.resolve("model.sig")));
        assertEquals(0, cli.execute("verify", bundle.toString(), "--key", pub.toString()), out.toString());

        MlflowPeer.ProcessResult ok = verify(ms, bundle, pub);
        assertEquals(0, ok.exitCode(), ok.outputTail());

        Path covered = bundle.resolve("card/model_card.json");
        byte[] bytes = Files.readAllBytes(covered);
        bytes[bytes.length / 2] ^= 1;
        Files.write(covered, bytes);
        MlflowPeer.ProcessResult changed = verify(ms, bundle, pub);
        assertTrue(changed.exitCode() != 0, "model_signing must reject a changed byte:\n" + changed.outputTail());
        assertEquals(1, cli.execute("verify", bundle.toString(), "--key", pub.toString()));
    }

    private MlflowPeer.ProcessResult verify(MlflowPeer ms, Path bundle, Path pub) throws Exception {
        return ms.runPython(tmp, Duration.ofMinutes(2), Map.of(), "-m", "model_signing", "verify", "key",
                bundle.toString(), "--signature", bundle.resolve("model.sig").toString(),
                "--public_key", pub.toString());
    }
}
