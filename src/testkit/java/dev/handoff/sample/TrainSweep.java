package dev.handoff.sample;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.oracle.labs.mlrg.olcut.config.json.JsonProvenanceModule;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import dev.handoff.runs.RunStatus;
import dev.handoff.runs.Tag;
import dev.handoff.runs.source.file.FileStoreWriter;
import org.tribuo.Dataset;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.evaluation.LabelEvaluation;
import org.tribuo.classification.evaluation.LabelEvaluator;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.classification.xgboost.XGBoostClassificationTrainer;
import org.tribuo.data.columnar.FieldProcessor;
import org.tribuo.data.columnar.RowProcessor;
import org.tribuo.data.columnar.processors.field.DoubleFieldProcessor;
import org.tribuo.data.columnar.processors.response.FieldResponseProcessor;
import org.tribuo.data.csv.CSVDataSource;
import org.tribuo.evaluation.TrainTestSplitter;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.transform.TransformTrainer;
import org.tribuo.transform.TransformationMap;
import org.tribuo.transform.transformations.MeanStdDevTransformation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The training recipe of the bundled {@code sample-projects/credit-risk} project: loads the synthetic data set of
 * {@link CreditRiskData} with Tribuo, splits the training file 80/20 into train and validation, and runs a small
 * sweep, logging every configuration as an MLflow run through {@link FileStoreWriter} into
 * {@code <project>/mlruns} (artifact locations relative to the project folder, so the store can be committed):
 * <ul>
 *   <li>experiment {@code credit-risk}: logistic regression ({@code LinearSGDTrainer}, log loss, AdaGrad, features
 *       standardised) for several learning rates, with per-epoch {@code train_loss}, {@code train_accuracy},
 *       {@code val_loss}, {@code val_accuracy}, {@code val_auc}; and an XGBoost parent run {@code xgb-sweep} with one
 *       nested child run per configuration ({@code mlflow.parentRunId}), with per-round {@code train_loss},
 *       {@code val_loss}, {@code val_accuracy}, {@code val_auc}.</li>
 *   <li>experiment {@code credit-risk-baselines}: CART trees of several maximum depths, final values only.</li>
 * </ul>
 * Per-epoch / per-round curves come from training with 1, 2, ..., n epochs (rounds) with the same seed: Tribuo has no
 * training callback, and with a fixed seed the first k epochs of a longer run are exactly the k-epoch run.
 * Every run logs params, the usual {@code mlflow.*} tags plus {@code model_type}, final {@code test_accuracy} /
 * {@code test_auc} on {@code test.csv}, and its final model as {@code model/model.tribuo} (Tribuo protobuf) with
 * {@code model/provenance.json}. Everything is deterministic given the seed except wall-clock times (run start/end,
 * metric timestamps) and the training timestamps inside the Tribuo provenance.
 *
 * <p>Usage (a testkit class: compiled with the tests, not part of the app):
 * {@code mvn -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.handoff.sample.TrainSweep
 * -Dexec.args="sample-projects/credit-risk [--overwrite]"}.
 */
public final class TrainSweep {
    public static final String EXPERIMENT = "credit-risk";
    public static final String BASELINES = "credit-risk-baselines";
    public static final String USER = "handoff-sample";
    public static final Label POSITIVE = new Label("yes");
    private static final Logger LOG = Logger.getLogger(TrainSweep.class.getName());
    /** Held strongly: java.util.logging keeps loggers weakly, a level set on a dropped logger is lost. */
    private static final Logger SGD_LOG = Logger.getLogger("org.tribuo.common.sgd.AbstractSGDTrainer");

    /** One XGBoost configuration of the sweep. */
    public record XgbConfig(double eta, int maxDepth, double subsample) {
        String runName() {
            return String.format(Locale.ROOT, "xgb-eta%s-d%d", fmt(eta), maxDepth);
        }
    }

    /** What to sweep. */
    public record Config(long seed, int sgdEpochs, List<Double> learningRates, List<Integer> cartDepths,
                         int xgbRounds, List<XgbConfig> xgbConfigs) {
        public Config {
            learningRates = List.copyOf(learningRates);
            cartDepths = List.copyOf(cartDepths);
            xgbConfigs = List.copyOf(xgbConfigs);
        }

        /** The sweep behind the committed sample store. */
        public static Config full() {
            return new Config(CreditRiskData.DEFAULT_SEED, 40, List.of(0.01, 0.05, 0.3), List.of(2, 4, 6, 10), 60,
                    List.of(new XgbConfig(0.1, 3, 0.8), new XgbConfig(0.3, 2, 1.0)));
        }
    }

    /** What a sweep produced: experiment ids by name, and run ids in creation order. */
    public record Result(Map<String, String> experimentIds, List<String> runIds) {
        public Result {
            experimentIds = Map.copyOf(experimentIds);
            runIds = List.copyOf(runIds);
        }
    }

    /** Train, validation and test sets. */
    record Data(Dataset<Label> train, Dataset<Label> validation, Dataset<Label> test) {
    }

    /** Accuracy, AUC of "yes", mean log loss. */
    record Scores(double accuracy, double auc, double logLoss) {
    }

    private final Config config;
    private final Data data;
    private final FileStoreWriter store;
    private final Random runIds;
    private final String source;

    private TrainSweep(Config config, Data data, FileStoreWriter store) {
        this.config = config;
        this.data = data;
        this.store = store;
        this.runIds = new Random(config.seed());
        this.source = TrainSweep.class.getName();
    }

    /**
     * Runs the sweep on {@code <projectDir>/data/train.csv} and {@code test.csv} (generated with the default seed if
     * missing) into {@code <projectDir>/mlruns}, which must not exist yet.
     */
    public static Result run(Path projectDir, Config config) throws IOException {
        Path dataDir = projectDir.resolve("data");
        if (!Files.exists(dataDir.resolve("train.csv")) || !Files.exists(dataDir.resolve("test.csv"))) {
            CreditRiskData.writeCsv(dataDir, CreditRiskData.DEFAULT_ROWS, CreditRiskData.DEFAULT_SEED);
        }
        Path mlruns = projectDir.resolve("mlruns");
        if (Files.exists(mlruns)) {
            throw new IOException(mlruns + " already exists; remove it (or pass --overwrite) to regenerate the runs");
        }
        SGD_LOG.setLevel(Level.WARNING);
        Data data = load(dataDir, config.seed());
        FileStoreWriter store = FileStoreWriter.open(mlruns, FileStoreWriter.ArtifactLocations.RELATIVE_TO_STORE_PARENT,
                System.currentTimeMillis());
        return new TrainSweep(config, data, store).sweep();
    }

    static Data load(Path dataDir, long seed) {
        Map<String, FieldProcessor> fields = new LinkedHashMap<>();
        for (String f : CreditRiskData.FEATURES) {
            fields.put(f, new DoubleFieldProcessor(f, true));
        }
        RowProcessor<Label> rows = new RowProcessor<>(
                new FieldResponseProcessor<>(List.of(CreditRiskData.LABEL), List.of(""), new LabelFactory(), false, false),
                fields);
        CSVDataSource<Label> trainFile = new CSVDataSource<>(dataDir.resolve("train.csv"), rows, true);
        TrainTestSplitter<Label> split = new TrainTestSplitter<>(trainFile, 0.8, seed);
        return new Data(new MutableDataset<>(split.getTrain()), new MutableDataset<>(split.getTest()),
                new MutableDataset<>(new CSVDataSource<>(dataDir.resolve("test.csv"), rows, true)));
    }

    private Result sweep() throws IOException {
        long now = System.currentTimeMillis();
        String exp = store.createExperiment(EXPERIMENT, now, Map.of(
                "mlflow.note.content", "Credit-risk sweep on the synthetic data set of dev.handoff.sample.CreditRiskData "
                        + "(see sample-projects/credit-risk/README.md)",
                "project", "credit-risk"));
        String baselines = store.createExperiment(BASELINES, now, Map.of(
                "mlflow.note.content", "Single decision trees as baselines for the credit-risk sweep",
                "project", "credit-risk"));
        List<String> ids = new ArrayList<>();
        for (double lr : config.learningRates()) {
            ids.add(logisticRun(exp, lr));
        }
        ids.addAll(xgboostSweep(exp));
        for (int depth : config.cartDepths()) {
            ids.add(cartRun(baselines, depth));
        }
        return new Result(Map.of(EXPERIMENT, exp, BASELINES, baselines), ids);
    }

    private FileStoreWriter.RunWriter start(String exp, String name, String modelType, Map<String, String> extraTags)
            throws IOException {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(Tag.USER, USER);
        tags.put(Tag.SOURCE_NAME, source);
        tags.put("mlflow.source.type", "LOCAL");
        tags.put("model_type", modelType);
        tags.putAll(extraTags);
        return store.startRun(exp, FileStoreWriter.newRunId(runIds), name, USER, System.currentTimeMillis(), tags);
    }

    private void logCommonParams(FileStoreWriter.RunWriter run, String trainer) throws IOException {
        run.logParam("trainer", trainer)
                .logParam("seed", Long.toString(config.seed()))
                .logParam("features", String.join(",", CreditRiskData.FEATURES))
                .logParam("train_rows", Integer.toString(data.train().size()))
                .logParam("validation_rows", Integer.toString(data.validation().size()));
    }

    private String logisticRun(String exp, double lr) throws IOException {
        FileStoreWriter.RunWriter run = start(exp, "logreg-adagrad-lr" + fmt(lr), "logistic_regression", Map.of());
        logCommonParams(run, "LinearSGDTrainer");
        run.logParam("objective", "LogMulticlass")
                .logParam("optimizer", "AdaGrad")
                .logParam("learning_rate", fmt(lr))
                .logParam("epochs", Integer.toString(config.sgdEpochs()))
                .logParam("minibatch_size", "1")
                .logParam("feature_scaling", "mean_std");
        Model<Label> model = null;
        for (int epoch = 1; epoch <= config.sgdEpochs(); epoch++) {
            Trainer<Label> trainer = new TransformTrainer<>(
                    new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(lr, 0.1), epoch, Integer.MAX_VALUE, 1,
                            config.seed()),
                    new TransformationMap(List.of(new MeanStdDevTransformation())));
            model = trainer.train(data.train());
            Scores tr = score(model, data.train());
            Scores va = score(model, data.validation());
            long ts = System.currentTimeMillis();
            run.logMetric("train_loss", tr.logLoss(), ts, epoch)
                    .logMetric("train_accuracy", tr.accuracy(), ts, epoch)
                    .logMetric("val_loss", va.logLoss(), ts, epoch)
                    .logMetric("val_accuracy", va.accuracy(), ts, epoch)
                    .logMetric("val_auc", va.auc(), ts, epoch);
        }
        finish(run, model);
        return run.runId();
    }

    private List<String> xgboostSweep(String exp) throws IOException {
        List<String> ids = new ArrayList<>();
        FileStoreWriter.RunWriter parent = start(exp, "xgb-sweep", "xgboost", Map.of());
        ids.add(parent.runId());
        parent.logParam("trainer", "XGBoostClassificationTrainer")
                .logParam("seed", Long.toString(config.seed()))
                .logParam("rounds", Integer.toString(config.xgbRounds()))
                .logParam("configurations", Integer.toString(config.xgbConfigs().size()));
        double bestAuc = Double.NEGATIVE_INFINITY;
        String bestRun = "";
        for (XgbConfig xc : config.xgbConfigs()) {
            FileStoreWriter.RunWriter run = start(exp, xc.runName(), "xgboost", Map.of(Tag.PARENT_RUN_ID, parent.runId()));
            ids.add(run.runId());
            logCommonParams(run, "XGBoostClassificationTrainer");
            run.logParam("rounds", Integer.toString(config.xgbRounds()))
                    .logParam("eta", fmt(xc.eta()))
                    .logParam("max_depth", Integer.toString(xc.maxDepth()))
                    .logParam("subsample", fmt(xc.subsample()))
                    .logParam("min_child_weight", "1")
                    .logParam("lambda", "1");
            Model<Label> model = null;
            Scores last = null;
            for (int round = 1; round <= config.xgbRounds(); round++) {
                XGBoostClassificationTrainer trainer = new XGBoostClassificationTrainer(round, xc.eta(), 0, xc.maxDepth(),
                        1, xc.subsample(), 1.0, 1, 0, 1, true, config.seed());
                model = trainer.train(data.train());
                Scores tr = score(model, data.train());
                last = score(model, data.validation());
                long ts = System.currentTimeMillis();
                run.logMetric("train_loss", tr.logLoss(), ts, round)
                        .logMetric("val_loss", last.logLoss(), ts, round)
                        .logMetric("val_accuracy", last.accuracy(), ts, round)
                        .logMetric("val_auc", last.auc(), ts, round);
            }
            finish(run, model);
            if (last != null && last.auc() > bestAuc) {
                bestAuc = last.auc();
                bestRun = run.runId();
            }
        }
        if (!bestRun.isEmpty()) {
            parent.logMetric("best_val_auc", bestAuc, System.currentTimeMillis(), 0);
            parent.setTag("best_run_id", bestRun);
        }
        parent.finish(RunStatus.FINISHED, System.currentTimeMillis());
        return ids;
    }

    private String cartRun(String exp, int depth) throws IOException {
        FileStoreWriter.RunWriter run = start(exp, "cart-depth" + depth, "decision_tree", Map.of());
        logCommonParams(run, "CARTClassificationTrainer");
        run.logParam("max_depth", Integer.toString(depth)).logParam("impurity", "GiniIndex");
        Model<Label> model = new CARTClassificationTrainer(depth).train(data.train());
        Scores tr = score(model, data.train());
        Scores va = score(model, data.validation());
        long ts = System.currentTimeMillis();
        run.logMetric("train_accuracy", tr.accuracy(), ts, 0)
                .logMetric("train_loss", tr.logLoss(), ts, 0)
                .logMetric("val_accuracy", va.accuracy(), ts, 0)
                .logMetric("val_loss", va.logLoss(), ts, 0)
                .logMetric("val_auc", va.auc(), ts, 0);
        finish(run, model);
        return run.runId();
    }

    /** Logs test metrics, writes the model artifacts and ends the run. */
    private void finish(FileStoreWriter.RunWriter run, Model<Label> model) throws IOException {
        Scores test = score(model, data.test());
        long ts = System.currentTimeMillis();
        run.logMetric("test_accuracy", test.accuracy(), ts, 0).logMetric("test_auc", test.auc(), ts, 0);
        model.serializeToFile(run.artifactPath("model/model.tribuo"));
        run.writeArtifact("model/provenance.json", provenanceJson(model).getBytes(StandardCharsets.UTF_8));
        run.finish(RunStatus.FINISHED, System.currentTimeMillis());
        LOG.fine(() -> "finished run " + run.runId());
    }

    static String provenanceJson(Model<Label> model) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        mapper.registerModule(new JsonProvenanceModule());
        return mapper.writerWithDefaultPrettyPrinter()
                .writeValueAsString(ProvenanceUtil.marshalProvenance(model.getProvenance())) + "\n";
    }

    /**
     * Accuracy (Tribuo's evaluator), ROC AUC of {@code yes} and mean log loss from the predicted scores. AUC is
     * computed here (Mann-Whitney, ties counted half) because Tribuo refuses it for CART, whose leaf class
     * fractions it does not flag as probabilities.
     */
    static Scores score(Model<Label> model, Dataset<Label> dataset) {
        List<Prediction<Label>> predictions = model.predict(dataset);
        LabelEvaluation eval = new LabelEvaluator().evaluate(model, predictions, dataset.getProvenance());
        int n = predictions.size();
        double[] yesScore = new double[n];
        boolean[] positive = new boolean[n];
        double loss = 0;
        for (int i = 0; i < n; i++) {
            Prediction<Label> p = predictions.get(i);
            Label truth = p.getExample().getOutput();
            positive[i] = truth.equals(POSITIVE);
            yesScore[i] = scoreOf(p, POSITIVE.getLabel());
            loss -= Math.log(Math.max(scoreOf(p, truth.getLabel()), 1e-15));
        }
        return new Scores(eval.accuracy(), auc(yesScore, positive), loss / n);
    }

    private static double scoreOf(Prediction<Label> p, String label) {
        Label scored = p.getOutputScores().get(label);
        return scored == null ? 0 : scored.getScore();
    }

    /** ROC AUC as the probability that a random positive scores above a random negative (ties count half). */
    static double auc(double[] scores, boolean[] positive) {
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
        double rankSumPositive = 0;
        long positives = 0;
        int i = 0;
        while (i < order.length) {
            int j = i;
            while (j + 1 < order.length && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double midRank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (positive[order[k]]) {
                    rankSumPositive += midRank;
                    positives++;
                }
            }
            i = j + 1;
        }
        long negatives = scores.length - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        return (rankSumPositive - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    /** Short decimal form of a hyper-parameter: 0.1, 0.05, 1 (Python's str of the float would print 1.0). */
    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    /** {@code TrainSweep <projectDir> [--overwrite]}. */
    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 2 || (args.length == 2 && !args[1].equals("--overwrite"))) {
            System.err.println("usage: TrainSweep <projectDir> [--overwrite]");
            System.exit(2);
        }
        Path project = Path.of(args[0]);
        if (args.length == 2) {
            deleteRecursively(project.resolve("mlruns"));
        }
        long t0 = System.nanoTime();
        Result result = run(project, Config.full());
        System.out.printf(Locale.ROOT, "wrote %d runs to %s in %.1f s (experiments %s)%n", result.runIds().size(),
                project.resolve("mlruns"), (System.nanoTime() - t0) / 1e9, result.experimentIds());
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
