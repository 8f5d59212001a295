package dev.handoff.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import dev.handoff.bundle.VerificationReport.SignatureStatus;
import dev.handoff.bundle.card.ModelCard;
import dev.handoff.bundle.card.ModelCardBuilder;
import dev.handoff.bundle.checklist.Checklist;
import dev.handoff.bundle.checklist.ChecklistIo;
import dev.handoff.bundle.checklist.ChecklistLine;
import dev.handoff.bundle.checklist.ExportPolicy;
import dev.handoff.bundle.checklist.LineStatus;
import dev.handoff.bundle.fairness.GroupMetrics;
import dev.handoff.bundle.io.AtomicFiles;
import dev.handoff.bundle.io.UnsafeArchiveException;
import dev.handoff.bundle.manifest.Ed25519Keys;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BundleTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T10:15:30Z"), ZoneOffset.UTC);
    private static Model<Label> logistic;
    private static KeyPair keys;

    @TempDir
    Path dir;

    @BeforeAll
    static void train() {
        logistic = TinyModels.logistic();
        keys = Ed25519Keys.generate();
    }

    private static Checklist signedOff() {
        Checklist c = ChecklistIo.loadDefault();
        for (ChecklistLine line : c.lines()) {
            c = c.sign(line.lineId(), LineStatus.DONE, "ana", "https://evidence/" + line.lineId(), null, CLOCK);
        }
        return c;
    }

    private BundleWriter fullBundle(Model<Label> model) {
        ModelCard card = ModelCardBuilder.fromModel(model).owner("Risk team", "risk@example.com").build();
        GroupMetrics fairness = GroupMetrics.compute("sex", "yes", List.of("yes", "no", "yes", "no"),
                List.of("yes", "no", "no", "no"), List.of("f", "f", "m", "m"));
        return BundleWriter.named("credit-risk").clock(CLOCK)
                .model(model)
                .card(card)
                .checklist(signedOff(), ExportPolicy.REFUSE)
                .metrics(Map.of("accuracy", 0.9))
                .fairness(List.of(fairness))
                .explanations("permutation", Map.of("income", 0.3, "debt", 0.2))
                .bytes("extra/notes.txt", "hand-written notes".getBytes());
    }

    @Test
    void signedBundleVerifiesAndContainsEverySection() throws Exception {
        Path target = dir.resolve("bundle");
        BundleWriter.Result result = fullBundle(logistic).signWith(keys.getPrivate(), keys.getPublic()).write(target);
        assertTrue(result.signed());
        for (String file : List.of("tribuo/model.tribuo", "tribuo/provenance.json", "tribuo/feature_schema.json",
                "mlflow_model/MLmodel", "mlflow_model/model.onnx", "card/model_card.json", "card/README.md",
                "card/model_card.html", "governance/checklist.yml", "metrics/metrics.json", "fairness/fairness.json",
                "explanations/permutation.json", "extra/notes.txt", "bundle.json", "manifest.intoto.json",
                "manifest.dsse.json")) {
            assertTrue(Files.isRegularFile(target.resolve(file)), file);
        }
        VerificationReport report = BundleVerifier.verify(target, keys.getPublic());
        assertTrue(report.intact(), report.describe().toString());
        assertEquals(SignatureStatus.VALID, report.signature());
        assertEquals("credit-risk", report.bundleName());

        try (OpenedBundle opened = BundleReader.open(target)) {
            assertTrue(opened.metadata().path("sections").path("onnx").path("exported").asBoolean());
            assertEquals("Risk team", opened.card().orElseThrow().modelDetails().owners().get(0).name());
            assertTrue(opened.checklist().orElseThrow().outstandingRequired().isEmpty());
            assertEquals(result.manifest(), opened.manifest());
        }
        try (Stream<Path> siblings = Files.list(dir)) {
            assertEquals(List.of(target), siblings.toList(), "no temporary directories left beside the bundle");
        }
    }

    @Test
    void flippingOneByteOfAnyFileFailsVerificationNamingThatFile() throws Exception {
        Path original = dir.resolve("original");
        fullBundle(logistic).signWith(keys.getPrivate(), keys.getPublic()).write(original);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(original)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertTrue(files.size() > 15);
        for (Path file : files) {
            String name = original.relativize(file).toString().replace('\\', '/');
            Path copy = dir.resolve("copy-" + name.replace('/', '_'));
            copyTree(original, copy);
            Path victim = copy.resolve(name);
            byte[] bytes = Files.readAllBytes(victim);
            bytes[bytes.length / 2] ^= 0x01;
            Files.write(victim, bytes);

            VerificationReport report = BundleVerifier.verify(copy, keys.getPublic());
            assertFalse(report.intact(), "flipped " + name);
            if (BundleLayout.MANIFEST_FILES.contains(name)) {
                assertTrue(report.problems().stream().anyMatch(p -> p.contains(name)), name + ": " + report.describe());
            } else {
                assertEquals(List.of(name), report.changed(), report.describe().toString());
            }
            AtomicFiles.deleteRecursively(copy);
        }
    }

    @Test
    void missingAndExtraFilesAreNamed() throws Exception {
        Path target = dir.resolve("b");
        fullBundle(logistic).write(target);
        Files.delete(target.resolve("fairness/fairness.json"));
        Files.writeString(target.resolve("card/sneaky.js"), "alert(1)");
        VerificationReport report = BundleVerifier.verify(target, null);
        assertFalse(report.intact());
        assertEquals(List.of("fairness/fairness.json"), report.missing());
        assertEquals(List.of("card/sneaky.js"), report.extra());
        assertTrue(report.changed().isEmpty());
        assertEquals(SignatureStatus.UNSIGNED, report.signature());
    }

    @Test
    void signatureStatusesForUnsignedWrongKeyAndNoKey() throws Exception {
        Path unsigned = dir.resolve("unsigned");
        fullBundle(logistic).write(unsigned);
        VerificationReport integrityOnly = BundleVerifier.verify(unsigned, null);
        assertTrue(integrityOnly.intact());
        assertEquals(SignatureStatus.UNSIGNED, integrityOnly.signature());
        VerificationReport demanded = BundleVerifier.verify(unsigned, keys.getPublic());
        assertFalse(demanded.intact(), "a trusted key demands a signature");

        Path signed = dir.resolve("signed");
        fullBundle(logistic).signWith(keys.getPrivate(), keys.getPublic()).write(signed);
        VerificationReport wrongKey = BundleVerifier.verify(signed, Ed25519Keys.generate().getPublic());
        assertFalse(wrongKey.intact());
        assertEquals(SignatureStatus.INVALID, wrongKey.signature());
        VerificationReport noKey = BundleVerifier.verify(signed, null);
        assertEquals(SignatureStatus.NOT_CHECKED, noKey.signature());
        assertTrue(noKey.intact());

        // re-hashing a tampered file into a new statement does not help without the private key
        Files.writeString(signed.resolve("metrics/metrics.json"), "{\"accuracy\": 0.99}");
        byte[] forged = dev.handoff.bundle.manifest.BundleManifest.compute("credit-risk", signed,
                BundleLayout.MANIFEST_FILES).toStatementJson();
        Files.write(signed.resolve(BundleLayout.STATEMENT), forged);
        VerificationReport forgedReport = BundleVerifier.verify(signed, keys.getPublic());
        assertFalse(forgedReport.intact());
        assertEquals(SignatureStatus.INVALID, forgedReport.signature());
    }

    @Test
    void p256SignatureVerifiesAndRejectsWrongKeyTamperedSignatureAndTamperedFile() throws Exception {
        KeyPair ec = dev.handoff.bundle.manifest.EcKeys.generate();
        Path signed = dir.resolve("p256");
        assertTrue(fullBundle(logistic).signWith(ec.getPrivate(), ec.getPublic()).write(signed).signed());
        assertTrue(Files.isRegularFile(signed.resolve(BundleLayout.SIGSTORE_SIGNATURE)));
        assertFalse(Files.exists(signed.resolve(BundleLayout.SIGNATURE)), "P-256 keys sign model.sig only");
        VerificationReport ok = BundleVerifier.verify(signed, ec.getPublic());
        assertTrue(ok.intact(), ok.describe().toString());
        assertEquals(SignatureStatus.VALID, ok.signature());

        VerificationReport wrongKey = BundleVerifier.verify(signed,
                dev.handoff.bundle.manifest.EcKeys.generate().getPublic());
        assertFalse(wrongKey.intact());
        assertEquals(SignatureStatus.INVALID, wrongKey.signature());
        assertTrue(wrongKey.problems().stream().anyMatch(p -> p.contains("model.sig")), wrongKey.describe().toString());

        Path badSig = dir.resolve("p256-bad-sig");
        copyTree(signed, badSig);
        Path sig = badSig.resolve(BundleLayout.SIGSTORE_SIGNATURE);
        JsonNode sigJson = new com.fasterxml.jackson.databind.ObjectMapper().readTree(sig.toFile());
        String b64 = sigJson.at("/dsseEnvelope/signatures/0/sig").asText();
        byte[] raw = java.util.Base64.getDecoder().decode(b64);
        raw[raw.length - 1] ^= 0x01;
        Files.writeString(sig, Files.readString(sig).replace(b64, java.util.Base64.getEncoder().encodeToString(raw)));
        VerificationReport tamperedSig = BundleVerifier.verify(badSig, ec.getPublic());
        assertFalse(tamperedSig.intact(), "a changed signature byte in model.sig");
        assertEquals(SignatureStatus.INVALID, tamperedSig.signature());

        Path badFile = dir.resolve("p256-bad-file");
        copyTree(signed, badFile);
        Path model = badFile.resolve("tribuo/model.tribuo");
        byte[] bytes = Files.readAllBytes(model);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(model, bytes);
        VerificationReport tamperedFile = BundleVerifier.verify(badFile, ec.getPublic());
        assertFalse(tamperedFile.intact());
        assertEquals(List.of("tribuo/model.tribuo"), tamperedFile.changed());
        assertEquals(SignatureStatus.VALID, tamperedFile.signature(), "the statement is still the signed one");
    }

    @Test
    void failureMidExportLeavesNoBundleAtTheTarget() throws Exception {
        Path target = dir.resolve("bundle");
        BundleWriter writer = fullBundle(logistic).section(new BundleSection() {
            @Override
            public String name() {
                return "explodes";
            }

            @Override
            public Map<String, Object> write(Path bundleDir) throws IOException {
                assertTrue(Files.exists(bundleDir.resolve("tribuo/model.tribuo")), "earlier sections were written");
                throw new IOException("disk full");
            }
        });
        IOException e = assertThrows(IOException.class, () -> writer.write(target));
        assertEquals("disk full", e.getMessage());
        assertFalse(Files.exists(target));
        try (Stream<Path> siblings = Files.list(dir)) {
            assertEquals(0, siblings.count(), "temporary directory removed");
        }
        assertThrows(IOException.class, () -> writer.writeZip(dir.resolve("bundle.zip")));
        assertFalse(Files.exists(dir.resolve("bundle.zip")));
    }

    @Test
    void refusePolicyBlocksExportWhileRequiredLinesArePending() throws Exception {
        Checklist pending = signedOff().sign("D.2", LineStatus.PENDING, null, null, null, CLOCK);
        Path target = dir.resolve("bundle");
        ExportRefusedException e = assertThrows(ExportRefusedException.class,
                () -> BundleWriter.named("x").model(logistic).checklist(pending, ExportPolicy.REFUSE).write(target));
        assertEquals(List.of("D.2"), e.outstanding().stream().map(ChecklistLine::lineId).toList());
        assertFalse(Files.exists(target));

        BundleWriter.Result warned = BundleWriter.named("x").model(logistic)
                .checklist(pending, ExportPolicy.WARN).write(target);
        assertEquals(1, warned.warnings().size());
        try (OpenedBundle opened = BundleReader.open(target)) {
            JsonNode warnings = opened.metadata().path("warnings");
            assertTrue(warnings.get(0).asText().contains("D.2"));
        }
    }

    @Test
    void zipBundleVerifiesAndLoadsTheSameModel() throws Exception {
        Path zip = dir.resolve("bundle.zip");
        fullBundle(logistic).signWith(keys.getPrivate(), keys.getPublic()).writeZip(zip);
        VerificationReport report = BundleVerifier.verify(zip, keys.getPublic());
        assertTrue(report.intact(), report.describe().toString());
        Path extracted;
        try (OpenedBundle opened = BundleReader.open(zip)) {
            extracted = opened.root();
            Model<?> loaded = opened.loadModel();
            var example = TinyModels.data(5, 99).getExample(0);
            @SuppressWarnings("unchecked")
            Prediction<Label> reloaded = ((Model<Label>) loaded).predict(example);
            assertEquals(logistic.predict(example).getOutput(), reloaded.getOutput());
        }
        assertFalse(Files.exists(extracted), "temporary extraction deleted on close");
    }

    @Test
    void maliciousZipsAreRejectedByReaderAndVerifier() throws Exception {
        Path slip = dir.resolve("slip.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(slip))) {
            out.putNextEntry(new ZipEntry("../evil"));
            out.write(1);
            out.closeEntry();
        }
        assertThrows(UnsafeArchiveException.class, () -> BundleReader.open(slip));
        VerificationReport report = BundleVerifier.verify(slip, null);
        assertFalse(report.intact());
        assertTrue(report.problems().get(0).contains("../evil"));
    }

    @Test
    void nonExportableModelIsRecordedWithoutOnnx() throws Exception {
        Path target = dir.resolve("cart");
        Model<Label> cart = TinyModels.cart();
        BundleWriter.named("cart").model(cart).card(ModelCardBuilder.fromModel(cart).build()).write(target);
        assertFalse(Files.exists(target.resolve(BundleLayout.MLFLOW_DIR)));
        try (OpenedBundle opened = BundleReader.open(target)) {
            JsonNode onnx = opened.metadata().path("sections").path("onnx");
            assertFalse(onnx.path("exported").asBoolean());
            assertTrue(onnx.path("reason").asText().contains(cart.getClass().getName()), onnx.toString());
        }
        assertTrue(Files.readString(target.resolve(BundleLayout.CARD_MARKDOWN)).contains("cannot be exported to ONNX"));
        assertTrue(BundleVerifier.verify(target, null).intact());
    }

    @Test
    void existingTargetIsNotOverwrittenUnlessAllowed() throws Exception {
        Path target = dir.resolve("b");
        BundleWriter.named("b").metrics(Map.of("v", 1)).write(target);
        assertThrows(java.nio.file.FileAlreadyExistsException.class,
                () -> BundleWriter.named("b").metrics(Map.of("v", 2)).write(target));
        BundleWriter.named("b").metrics(Map.of("v", 2)).replaceExisting(true).write(target);
        assertTrue(Files.readString(target.resolve(BundleLayout.METRICS)).contains("2"));
        assertTrue(BundleVerifier.verify(target, null).intact());
        assertThrows(IllegalArgumentException.class, () -> BundleWriter.named("b").bytes("../x", new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> BundleWriter.named("b").bytes("manifest.intoto.json", new byte[0]));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest);
                }
            }
        }
    }
}
