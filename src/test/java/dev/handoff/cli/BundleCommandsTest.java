package dev.handoff.cli;

import dev.handoff.bundle.review.ExplanationReview;
import dev.handoff.bundle.review.ReviewStore;
import dev.handoff.bundle.review.ReviewSubject;
import dev.handoff.runs.source.file.MlrunsFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.MutableDataset;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;
import org.tribuo.data.csv.CSVLoader;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

import static dev.handoff.runs.source.file.MlrunsFixture.id;
import static org.junit.jupiter.api.Assertions.*;

/** export → verify → tamper → verify, signed and unsigned, through the CLI. */
class BundleCommandsTest {
    @TempDir
    static Path tmp;
    static Path store;
    static Path heldOut;

    static Path reviews;
    static String previousReviewsDir;

    @BeforeAll
    static void runWithModel() throws Exception {
        // Sign-offs the CLI reads come from a temp folder, never the user's ~/.local/share.
        reviews = tmp.resolve("reviews");
        previousReviewsDir = System.setProperty(ReviewStore.DIR_PROPERTY, reviews.toString());
        StringBuilder train = new StringBuilder("x0,x1,x2,label\n");
        StringBuilder test = new StringBuilder("x0,x1,x2,group,label\n");
        Random rnd = new Random(3);
        for (int i = 0; i < 600; i++) {
            double x0 = rnd.nextGaussian(), x1 = rnd.nextGaussian(), x2 = rnd.nextGaussian();
            String label = x0 - x1 + 0.2 * rnd.nextGaussian() > 0 ? "yes" : "no";
            if (i < 400) {
                train.append(x0).append(',').append(x1).append(',').append(x2).append(',').append(label).append('\n');
            } else {
                test.append(x0).append(',').append(x1).append(',').append(x2).append(',').append(i % 3 == 0 ? "A" : "B")
                        .append(',').append(label).append('\n');
            }
        }
        Files.writeString(tmp.resolve("train.csv"), train);
        heldOut = tmp.resolve("test.csv");
        Files.writeString(heldOut, test);
        var ds = new MutableDataset<>(new CSVLoader<>(new LabelFactory()).loadDataSource(tmp.resolve("train.csv"), "label"));
        MlrunsFixture f = new MlrunsFixture(tmp.resolve("mlruns"));
        f.experiment("1", "demo");
        Path run = f.run("1", id(5), "logreg", 3, 1_700_000_000_000L, 1_700_000_050_000L, "active");
        MlrunsFixture.param(run, "trainer", "logistic");
        MlrunsFixture.metricLines(run, "val_accuracy", "1700000001000 0.9 0\n");
        Files.createDirectories(run.resolve("artifacts/model"));
        new LogisticRegressionTrainer().train(ds).serializeToFile(run.resolve("artifacts/model/model.tribuo"));
        Path second = f.run("1", id(6), "logreg-copy", 3, 1_700_000_000_000L, 1_700_000_050_000L, "active");
        Files.createDirectories(second.resolve("artifacts/model"));
        Files.copy(run.resolve("artifacts/model/model.tribuo"), second.resolve("artifacts/model/model.tribuo"));
        store = tmp.resolve("mlruns");
    }

    @AfterAll
    static void restoreReviewsDir() {
        if (previousReviewsDir == null) {
            System.clearProperty(ReviewStore.DIR_PROPERTY);
        } else {
            System.setProperty(ReviewStore.DIR_PROPERTY, previousReviewsDir);
        }
    }

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return HandoffCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    }

    @Test
    void exportVerifyTamperAndSign() throws Exception {
        Path bundle = tmp.resolve("out/logreg-bundle");
        String[] common = {"bundle", "export", "--store", store.toString(), "--run", id(5), "--data", heldOut.toString(),
                "--label-column", "label", "--sensitive", "group", "--explain-rows", "5"};
        String[] export = concat(common, "--out", bundle.toString());
        assertEquals(1, run(export));
        assertTrue(err.toString().contains("--policy warn"), err.toString());
        assertFalse(Files.exists(bundle), "a refused export leaves nothing at the target");

        String[] warn = concat(export, "--policy", "warn");
        assertEquals(0, run(warn), err.toString());
        assertTrue(err.toString().contains("warning:"), err.toString());
        for (String f : new String[]{"tribuo/model.tribuo", "mlflow_model/MLmodel", "mlflow_model/model.onnx",
                "card/model_card.json", "card/README.md", "governance/checklist.yml", "fairness/fairness.json",
                "explanations/local.json", "explanations/permutation.json", "metrics/metrics.json", "manifest.intoto.json"}) {
            assertTrue(Files.isRegularFile(bundle.resolve(f)), f);
        }
        String fairness = Files.readString(bundle.resolve("fairness/fairness.json"));
        assertTrue(fairness.contains("\"demographic_parity_difference\"") && fairness.contains("\"A\""), fairness);
        var cardMetrics = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(bundle.resolve("card/model_card.json").toFile()).at("/quantitative_analysis/performance_metrics");
        var groupSlices = new java.util.TreeSet<String>();
        for (var m : cardMetrics) {
            if (m.path("type").asText().equals("selection_rate")) {
                groupSlices.add(m.path("slice").asText());
                assertTrue(m.path("confidence_interval").has("lower_bound"), m.toString());
            }
        }
        assertEquals(java.util.Set.of("group=A", "group=B"), groupSlices, "the card carries the per-group fairness slices");
        assertEquals(1, run(warn), "an existing bundle is not replaced without --force");

        assertEquals(0, run("verify", bundle.toString()), out.toString());
        assertTrue(out.toString().contains("bundle is intact"));

        Path card = bundle.resolve("card/model_card.json");
        byte[] b = Files.readAllBytes(card);
        b[b.length / 2] ^= 1;
        Files.write(card, b);
        assertEquals(1, run("verify", bundle.toString()));
        assertTrue(out.toString().contains("changed: card/model_card.json"), out.toString());

        assertEquals(0, run("keys", "--out", tmp.resolve("k").toString()));
        Path zip = tmp.resolve("out/signed.zip");
        assertEquals(0, run(concat(common, "--policy", "warn", "--sign-key", tmp.resolve("k.key").toString(), "--out", zip.toString())), err.toString());
        assertEquals(0, run("verify", zip.toString(), "--key", tmp.resolve("k.pub").toString()), out.toString());
        assertTrue(out.toString().contains("signature: valid"), out.toString());
        assertEquals(0, run("keys", "--out", tmp.resolve("other").toString()));
        assertEquals(1, run("verify", zip.toString(), "--key", tmp.resolve("other.pub").toString()));
        assertTrue(out.toString().contains("signature: invalid"), out.toString());
    }

    @Test
    void p256KeysSignAnExportThatVerifiesAndEveryTamperingIsReported() throws Exception {
        assertEquals(0, run("keys", "--out", tmp.resolve("p256").toString()), err.toString());
        assertTrue(out.toString().contains("P-256 key"), out.toString());
        Path pub = tmp.resolve("p256.pub");
        Path bundle = tmp.resolve("out/p256-bundle");
        assertEquals(0, run("bundle", "export", "--store", store.toString(), "--run", id(5), "--policy", "warn",
                "--sign-key", tmp.resolve("p256.key").toString(), "--out", bundle.toString()), err.toString());
        assertTrue(Files.isRegularFile(bundle.resolve("model.sig")), "P-256 signs model.sig");
        assertEquals(0, run("verify", bundle.toString(), "--key", pub.toString()), out.toString());
        assertTrue(out.toString().contains("signature: valid") && out.toString().contains("bundle is intact"), out.toString());

        assertEquals(0, run("keys", "--out", tmp.resolve("p256-other").toString()));
        assertEquals(1, run("verify", bundle.toString(), "--key", tmp.resolve("p256-other.pub").toString()));
        assertTrue(out.toString().contains("signature: invalid"), out.toString());

        Path sig = bundle.resolve("model.sig");
        String original = Files.readString(sig);
        String b64 = new com.fasterxml.jackson.databind.ObjectMapper().readTree(original)
                .at("/dsseEnvelope/signatures/0/sig").asText();
        byte[] raw = java.util.Base64.getDecoder().decode(b64);
        raw[raw.length / 2] ^= 0x01;
        Files.writeString(sig, original.replace(b64, java.util.Base64.getEncoder().encodeToString(raw)));
        assertEquals(1, run("verify", bundle.toString(), "--key", pub.toString()), "a tampered model.sig");
        assertTrue(out.toString().contains("signature: invalid"), out.toString());
        Files.writeString(sig, original);
        assertEquals(0, run("verify", bundle.toString(), "--key", pub.toString()), out.toString());

        Path covered = bundle.resolve("metrics/metrics.json");
        byte[] b = Files.readAllBytes(covered);
        b[b.length / 2] ^= 0x01;
        Files.write(covered, b);
        assertEquals(1, run("verify", bundle.toString(), "--key", pub.toString()), "a tampered covered file");
        assertTrue(out.toString().contains("changed: metrics/metrics.json"), out.toString());
    }

    @Test
    void cardRendersToMarkdownAndHtml() throws Exception {
        Path bundle = tmp.resolve("out/card-bundle");
        assertEquals(0, run("bundle", "export", "--store", store.toString(), "--run", id(5), "--data", heldOut.toString(),
                "--label-column", "label", "--policy", "warn", "--explain-rows", "2", "--out", bundle.toString(),
                "--card-owner", "Risk Team", "--card-contact", "risk@example.com", "--license", "Apache-2.0",
                "--card-use-case", "Pre-screening loan applications for manual review",
                "--card-limitation", "Trained on synthetic data only",
                "--card-risk", "Proxy discrimination: the group column is excluded and audited"), err.toString());
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(bundle.resolve("card/model_card.json").toFile());
        assertEquals("Risk Team", json.at("/model_details/owners/0/name").asText());
        assertEquals("risk@example.com", json.at("/model_details/owners/0/contact").asText());
        assertEquals("Apache-2.0", json.at("/model_details/licenses/0/identifier").asText());
        // data links relative to the project (the folder holding mlruns/), not the training machine's absolute path
        assertEquals("train.csv", json.at("/model_parameters/data/0/name").asText());
        assertEquals("train.csv", json.at("/model_parameters/data/0/link").asText());
        assertEquals("test.csv", json.at("/model_parameters/data/1/name").asText());
        assertEquals("test.csv", json.at("/model_parameters/data/1/link").asText());
        assertFalse(json.toString().contains(tmp.toString()), "no absolute path of this machine on the card");
        assertEquals("Trained on synthetic data only", json.at("/considerations/limitations/0/description").asText());
        assertEquals("Proxy discrimination", json.at("/considerations/ethical_considerations/0/name").asText());
        assertEquals("the group column is excluded and audited",
                json.at("/considerations/ethical_considerations/0/mitigation_strategy").asText());
        assertEquals(0, run("card", "render", bundle.resolve("card/model_card.json").toString()));
        assertTrue(out.toString().startsWith("---"), out.toString());
        assertTrue(out.toString().matches("(?s).*library_name: \"?tribuo\"?\n.*"), out.toString());
        String markdown = out.toString();
        int end = markdown.indexOf("\n---\n", 3);
        assertTrue(end > 0, "front matter closes: " + markdown);
        var frontMatter = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().readTree(markdown.substring(3, end));
        assertEquals("apache-2.0", frontMatter.path("license").asText(), "front matter license (Hugging Face ids are lower case)");
        for (var result : frontMatter.at("/model-index/0/results")) {
            var dataset = result.path("dataset");
            assertTrue(dataset.path("type").asText().equals("mlflow-run")
                    || (dataset.path("name").asText().equals("test.csv") && dataset.path("split").asText().equals("test")),
                    "every held-out result is filed under the evaluation data: " + result);
        }
        assertTrue(out.toString().contains("Trained on synthetic data only"), out.toString());
        Path html = tmp.resolve("card.html");
        assertEquals(0, run("card", "render", bundle.resolve("card/model_card.json").toString(), "--format", "html", "--out", html.toString()));
        assertTrue(Files.readString(html).contains("<html"));
    }

    @Test
    void headlessSignOffsAreBundledWithTheBundledModelsDigestAndCoveredByTheManifest() throws Exception {
        assertEquals(reviews, ReviewStore.userDefault().dir(), "the CLI's review store is the test's temp folder");
        String ref = ReviewStore.runModelRef(id(5), "model/model.tribuo");
        int before = ReviewStore.userDefault().reviews(ref).size();
        assertEquals(2, run("signoff", "--store", store.toString(), "--run", id(5), "--data", heldOut.toString(),
                "--method", "linearshap", "--rows", "0-4", "--reviewer", "Rita Reviewer", "--decision", "reject"));
        assertTrue(err.toString().contains("--comment"), "reject needs a comment: " + err);
        assertEquals(0, run("signoff", "--store", store.toString(), "--run", id(5), "--data", heldOut.toString(),
                "--method", "linearshap", "--rows", "0-4", "--reviewer", "Rita Reviewer", "--decision", "reject",
                "--comment", "x2 should not matter; check the data"), err.toString());
        assertTrue(out.toString().contains("NEEDS_CHANGES by Rita Reviewer"), out.toString());
        assertEquals(0, run("signoff", "--store", store.toString(), "--run", id(5), "--data", heldOut.toString(),
                "--method", "linearshap", "--rows", "0-4", "--reviewer", "Sam Signer", "--decision", "approve",
                "--comment", "fixed upstream"), err.toString());
        assertEquals(before + 2, ReviewStore.userDefault().reviews(ref).size(), "both recorded under the run's model");

        Path bundle = tmp.resolve("out/signoff-bundle");
        assertEquals(0, run("bundle", "export", "--store", store.toString(), "--run", id(5), "--data", heldOut.toString(),
                "--label-column", "label", "--policy", "warn", "--explain-rows", "2", "--out", bundle.toString()),
                err.toString());
        String bundledModelSha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(bundle.resolve("tribuo/model.tribuo"))));
        String runArtifactSha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(store.resolve("1/" + id(5) + "/artifacts/model/model.tribuo"))));
        assertEquals(runArtifactSha, bundledModelSha, "the bundle carries the run's artifact byte for byte");
        Path signoffs = bundle.resolve("explanations/signoffs.json");
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var list = json.readTree(signoffs.toFile());
        assertEquals(before + 2, list.size(), "this run's model's sign-offs: " + list);
        var rita = list.get(list.size() - 2);
        assertEquals(ref, rita.get("model_ref").asText());
        assertEquals("Rita Reviewer", rita.get("reviewer").asText());
        assertEquals("NEEDS_CHANGES", rita.get("decision").asText());
        assertEquals("x2 should not matter; check the data", rita.get("comment").asText());
        assertEquals(bundledModelSha, rita.at("/subject/model_sha256").asText(), "the sign-off names the bundled model");
        assertEquals(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(heldOut))), rita.at("/subject/data_sha256").asText());
        assertEquals("LINEAR_SHAP", rita.at("/subject/method").asText());
        assertEquals("[0,1,2,3,4]", rita.at("/subject/rows").toString());
        assertEquals("42", rita.at("/subject/parameters/seed").asText());
        assertTrue(rita.at("/subject/parameters/background").asText().startsWith("k-means with k=20"), rita.toString());
        var sam = list.get(list.size() - 1);
        assertEquals("Sam Signer", sam.get("reviewer").asText());
        assertEquals("APPROVED", sam.get("decision").asText());
        assertEquals(bundledModelSha, json.readTree(bundle.resolve("bundle.json").toFile())
                .at("/sections/tribuo/model_sha256").asText(), "bundle.json records the model's digest");

        var manifest = json.readTree(bundle.resolve("manifest.intoto.json").toFile());
        String digest = null;
        for (var r : manifest.at("/predicate/resources")) {
            if (r.get("name").asText().equals("explanations/signoffs.json")) {
                digest = r.get("digest").asText();
            }
        }
        assertEquals(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(signoffs))), digest, "the manifest lists signoffs.json with its SHA-256");
        assertEquals(0, run("verify", bundle.toString()), out.toString());

        Files.writeString(signoffs, Files.readString(signoffs).replace("NEEDS_CHANGES", "APPROVED"));
        assertEquals(1, run("verify", bundle.toString()), "a rewritten sign-off breaks verification");
        assertTrue(out.toString().contains("changed: explanations/signoffs.json"), out.toString());
    }

    @Test
    void aSignOffOfAnotherModelUnderTheRunsReferenceIsRefusedOrWarnedOfByName() throws Exception {
        // the second run's review file gets a sign-off of a different model under the run's reference
        String runId = id(6);
        String ref = ReviewStore.runModelRef(runId, "model/model.tribuo");
        ReviewSubject wrong = new ReviewSubject(ref, "0".repeat(64), "test.csv", "1".repeat(64), "TREE_SHAP", "yes",
                "margin", Map.of("seed", "42"), java.util.List.of(0, 1));
        ReviewStore.userDefault().add(ExplanationReview.of(wrong, ExplanationReview.Decision.APPROVED, "Wrong Model",
                "", java.time.Instant.parse("2026-11-25T09:31:00Z")));

        Path refused = tmp.resolve("out/refused-bundle");
        assertEquals(1, run("bundle", "export", "--store", store.toString(), "--run", runId, "--data", heldOut.toString(),
                "--label-column", "label", "--policy", "refuse", "--explain-rows", "2", "--out", refused.toString()));
        assertTrue(err.toString().contains("APPROVED by Wrong Model at 2026-11-25T09:31:00Z (TREE_SHAP)")
                && err.toString().contains("0".repeat(64)), err.toString());
        assertFalse(Files.exists(refused), "nothing is written when the export is refused");

        Path warned = tmp.resolve("out/warned-bundle");
        assertEquals(0, run("bundle", "export", "--store", store.toString(), "--run", runId, "--data", heldOut.toString(),
                "--label-column", "label", "--policy", "warn", "--explain-rows", "2", "--out", warned.toString()),
                err.toString());
        String bundleJson = Files.readString(warned.resolve("bundle.json"));
        assertTrue(bundleJson.contains("APPROVED by Wrong Model"), bundleJson);
        assertEquals(0, new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(warned.resolve("explanations/signoffs.json").toFile()).size(),
                "a sign-off of another model is never bundled");
    }

    @Test
    void verifyOfAMissingPathFails() {
        assertEquals(1, run("verify", tmp.resolve("nope").toString()));
        assertTrue(err.toString().contains("no such file or folder"));
    }

    static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
