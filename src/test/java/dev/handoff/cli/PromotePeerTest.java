package dev.handoff.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.handoff.peer.RegistryPeer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The governed handoff against a real basic-auth {@code mlflow server}: MLflow's client registers credit-risk (v1
 * {@code @champion}, v2 {@code @challenger}); we export a bundle from {@code credit-risk@champion}; promoting v2 to
 * {@code @champion} is refused while checklist lines are open (alias unchanged), fails clearly with bad credentials
 * (nothing changed), succeeds once everything is signed off (alias and tags as MLflow's client reads them, nothing
 * else changed), and {@code --rollback} restores the previous alias.
 */
@Tag("peer")
class PromotePeerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    static RegistryPeer registryPeer;
    static Map<String, String> auth;
    static String runId;
    static Path heldOut;

    @BeforeAll
    static void registerModels() throws Exception {
        registryPeer = RegistryPeer.start(tmp);
        auth = registryPeer.auth;
        runId = registryPeer.runId();
        heldOut = registryPeer.heldOut();
    }

    @AfterAll
    static void stop() {
        if (registryPeer != null) {
            registryPeer.close();
        }
    }

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int cli(Map<String, String> env, String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return HandoffCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true), () -> env).execute(args);
    }

    JsonNode registry() throws Exception {
        return registryPeer.registry();
    }

    @Test
    void exportFromAliasThenGatedPromotionAndRollback() throws Exception {
        String url = registryPeer.url();
        JsonNode before = registry();
        assertEquals("1", before.at("/aliases/champion").asText());

        // export from the alias: the bundle records the registry version and the run's datasets
        Path open = tmp.resolve("open-bundle");
        assertEquals(0, cli(auth, "bundle", "export", "--tracking-uri", url, "--model", "credit-risk@champion",
                "--policy", "warn", "--out", open.toString()), err.toString());
        JsonNode reg = JSON.readTree(open.resolve("provenance/registry.json").toFile());
        assertEquals("credit-risk", reg.get("registered_model").asText());
        assertEquals("1", reg.get("version").asText());
        assertEquals("champion", reg.get("alias").asText());
        assertEquals(runId, reg.get("run_id").asText());
        assertEquals(2, reg.get("datasets").size());

        // refused: checklist lines outstanding, no sign-off; the alias is unchanged
        assertEquals(1, cli(auth, "promote", "--tracking-uri", url, "--bundle", open.toString(),
                "--model", "credit-risk/2", "--alias", "champion"));
        assertTrue(err.toString().contains("refused") && err.toString().contains("checklist "), err.toString());
        assertTrue(err.toString().contains("sign-offs:"), err.toString());
        assertEquals(before, registry(), "a refused promotion changes nothing");

        // sign off: every checklist line, and an approved explanation of the run's model
        Path signed = RegistryPeer.signedChecklist(tmp.resolve("signed.yml"));
        registryPeer.signOff();
        Path good = tmp.resolve("good-bundle");
        assertEquals(0, cli(auth, "bundle", "export", "--tracking-uri", url, "--model", "credit-risk/2",
                "--checklist", signed.toString(), "--out", good.toString()), err.toString());

        // no / wrong credentials: a clear error, nothing changed
        assertEquals(1, cli(Map.of(), "promote", "--tracking-uri", url, "--bundle", good.toString(),
                "--model", "credit-risk/2", "--alias", "champion"));
        assertTrue(err.toString().contains("credentials"), err.toString());
        assertEquals(1, cli(Map.of("MLFLOW_TRACKING_USERNAME", "admin", "MLFLOW_TRACKING_PASSWORD", "wrong"), "promote",
                "--tracking-uri", url, "--bundle", good.toString(), "--model", "credit-risk/2", "--alias", "champion"));
        assertTrue(err.toString().contains("401") || err.toString().contains("403"), err.toString());
        assertEquals(before, registry(), "a rejected write changes nothing");

        // accepted: alias and tags as MLflow's client reads them, nothing else changed
        assertEquals(0, cli(auth, "promote", "--tracking-uri", url, "--bundle", good.toString(),
                "--model", "credit-risk/2", "--alias", "champion"), err.toString());
        assertTrue(out.toString().contains("set alias @champion of credit-risk: version 1 -> version 2"), out.toString());
        JsonNode after = registry();
        assertEquals("2", after.at("/aliases/champion").asText());
        assertEquals("2", after.at("/aliases/challenger").asText());
        assertEquals(before.get("tags"), after.get("tags"));
        assertEquals(before.at("/versions/1/tags"), after.at("/versions/1/tags"), "version 1's tags untouched");
        JsonNode tags = after.at("/versions/2/tags");
        String manifestRoot = JSON.readTree(good.resolve("manifest.intoto.json").toFile()).at("/subject/0/digest/sha256").asText();
        assertEquals(manifestRoot, tags.get("handoff.bundle.sha256").asText());
        assertEquals("passed", tags.get("handoff.checklist.status").asText());
        assertEquals("Gina Governance, Sam Signer", tags.get("handoff.reviewers").asText());
        assertFalse(tags.get("handoff.verified_at").asText().isEmpty());
        assertEquals("1", tags.get("handoff.replaced.champion").asText());
        for (var it = before.at("/versions/2/tags").fields(); it.hasNext(); ) {
            var e = it.next();
            assertEquals(e.getValue(), tags.get(e.getKey()), "version 2 keeps its tag " + e.getKey());
        }

        // rollback restores the alias it replaced
        assertEquals(0, cli(auth, "promote", "--rollback", "--tracking-uri", url, "--model", "credit-risk",
                "--alias", "champion"), err.toString());
        JsonNode rolled = registry();
        assertEquals("1", rolled.at("/aliases/champion").asText());
        assertFalse(rolled.at("/versions/2/tags").has("handoff.replaced.champion"));
    }
}
