package dev.handoff.peer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.handoff.bundle.checklist.Checklist;
import dev.handoff.bundle.checklist.ChecklistIo;
import dev.handoff.bundle.checklist.ChecklistLine;
import dev.handoff.bundle.checklist.LineStatus;
import dev.handoff.bundle.review.ReviewStore;
import dev.handoff.cli.HandoffCli;
import org.tribuo.MutableDataset;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;
import org.tribuo.data.csv.CSVLoader;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Random;

/**
 * The governed-handoff peer shared by the CLI and UI promotion tests: a Tribuo model trained on a small CSV, a real
 * basic-auth {@code mlflow server} (SQLite backend) into which MLflow's own client logged a run and registered
 * credit-risk (v1 {@code @champion}, v2 {@code @challenger}) and churn, sign-offs kept under the test folder
 * ({@link ReviewStore#DIR_PROPERTY}, restored by {@link #close()}), and MLflow's client reading the registry back.
 * Under CI=true a peer that cannot start fails (MlflowPeer.require / requireServer).
 */
public final class RegistryPeer implements AutoCloseable {
    public static final String USER = "admin";
    public static final String PASSWORD = "handoff-Promote-pw-2026";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final String previousReviewsDir;
    private MlflowPeer peer;
    private MlflowPeer.Server server;
    private String runId;
    private Path heldOut;
    /** MLFLOW_TRACKING_USERNAME/PASSWORD of the server's admin. */
    public final Map<String, String> auth = Map.of("MLFLOW_TRACKING_USERNAME", USER, "MLFLOW_TRACKING_PASSWORD", PASSWORD);

    private RegistryPeer(Path dir) {
        this.dir = dir;
        this.previousReviewsDir = System.setProperty(ReviewStore.DIR_PROPERTY, dir.resolve("reviews").toString());
    }

    /** Trains the model, starts the server and registers the models; everything lives under {@code dir}. */
    public static RegistryPeer start(Path dir) throws Exception {
        RegistryPeer p = new RegistryPeer(dir);
        try {
            p.setUp();
        } catch (Exception | Error e) {
            p.close();
            throw e;
        }
        return p;
    }

    private void setUp() throws Exception {
        StringBuilder train = new StringBuilder("x0,x1,x2,label\n");
        StringBuilder test = new StringBuilder("x0,x1,x2,label\n");
        Random rnd = new Random(11);
        for (int i = 0; i < 300; i++) {
            double x0 = rnd.nextGaussian(), x1 = rnd.nextGaussian(), x2 = rnd.nextGaussian();
            String row = x0 + "," + x1 + "," + x2 + "," + (x0 - x1 > 0 ? "yes" : "no") + "\n";
            (i < 240 ? train : test).append(row);
        }
        Files.writeString(dir.resolve("train.csv"), train);
        heldOut = dir.resolve("test.csv");
        Files.writeString(heldOut, test);
        var ds = new MutableDataset<>(new CSVLoader<>(new LabelFactory()).loadDataSource(dir.resolve("train.csv"), "label"));
        Path model = dir.resolve("model.tribuo");
        new LogisticRegressionTrainer().train(ds).serializeToFile(model);

        peer = MlflowPeer.require();
        server = peer.requireServer("sqlite:///" + dir.resolve("mlflow.db"), dir.resolve("artifacts"),
                Map.of("MLFLOW_FLASK_SERVER_SECRET_KEY", "handoff-test-secret", "MLFLOW_AUTH_ADMIN_PASSWORD", PASSWORD),
                "--app-name", "basic-auth");
        Path out = dir.resolve("logged.json");
        peer.runPython(dir, Duration.ofMinutes(3), auth, MlflowPeer.script("log_registry_sample.py").toString(),
                server.baseUrl().toString(), "-", model.toString(), out.toString()).requireSuccess();
        runId = JSON.readTree(out.toFile()).at("/logged/run_id").asText();
    }

    public MlflowPeer.Server server() {
        return server;
    }

    public String url() {
        return server.baseUrl().toString();
    }

    /** The id of the run both credit-risk versions come from. */
    public String runId() {
        return runId;
    }

    /** The held-out CSV (the rows the sign-off explains). */
    public Path heldOut() {
        return heldOut;
    }

    /** credit-risk as MlflowClient reads it: {"aliases", "tags", "versions": {N: {"tags", "aliases"}}}. */
    public JsonNode registry() throws Exception {
        Path dump = dir.resolve("registry-" + System.nanoTime() + ".json");
        peer.runPython(dir, Duration.ofMinutes(2), auth, MlflowPeer.script("read_registry.py").toString(),
                url(), "credit-risk", dump.toString()).requireSuccess();
        return JSON.readTree(dump.toFile());
    }

    /** The default checklist with every line signed DONE by Gina Governance, saved to {@code file}. */
    public static Path signedChecklist(Path file) throws Exception {
        Checklist list = ChecklistIo.loadDefault();
        for (ChecklistLine l : list.lines()) {
            list = list.sign(l.lineId(), LineStatus.DONE, "Gina Governance", null, "checked", Clock.systemUTC());
        }
        ChecklistIo.save(list, file);
        return file;
    }

    /**
     * Sam Signer approves a LinearSHAP explanation of rows 0-2 of the run's model ({@code handoff signoff} against
     * the server), kept in the reviews folder the export reads.
     */
    public void signOff() {
        StringWriter err = new StringWriter();
        int code = HandoffCli.commandLine(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), () -> auth)
                .execute("signoff", "--tracking-uri", url(), "--run", runId, "--data", heldOut.toString(),
                        "--method", "linearshap", "--rows", "0-2", "--reviewer", "Sam Signer", "--decision", "approve",
                        "--comment", "sensible");
        if (code != 0) {
            throw new AssertionError("handoff signoff failed (" + code + "): " + err);
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        if (previousReviewsDir == null) {
            System.clearProperty(ReviewStore.DIR_PROPERTY);
        } else {
            System.setProperty(ReviewStore.DIR_PROPERTY, previousReviewsDir);
        }
    }
}
