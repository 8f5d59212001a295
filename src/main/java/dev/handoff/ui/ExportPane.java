package dev.handoff.ui;

import dev.handoff.ui.task.LatestTask;
import dev.handoff.ui.task.TaskRunner;

import dev.handoff.bundle.BundleWriter;
import dev.handoff.bundle.RegistryProvenance;
import dev.handoff.bundle.RunBundleExport;
import dev.handoff.bundle.checklist.Checklist;
import dev.handoff.bundle.checklist.ChecklistIo;
import dev.handoff.bundle.checklist.ExportPolicy;
import dev.handoff.bundle.manifest.EcKeys;
import dev.handoff.bundle.review.ExplanationReview;
import dev.handoff.bundle.review.ReviewStore;
import dev.handoff.runs.ModelRef;
import dev.handoff.runs.Run;
import dev.handoff.runs.RunSource;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;

/**
 * "Export bundle" for one run: held-out CSV (optional), label / sensitive columns, checklist policy, optional signing
 * key, a target folder or {@code .zip}, and the human-written card fields. The form scrolls; Export and the result
 * stay below it. The export runs on the {@link TaskRunner} (progress and Cancel in the status bar);
 * the result path and warnings, or the outstanding checklist lines of a refusal, are shown in the pane.
 */
final class ExportPane extends BorderPane {
    static final String MODEL_ARTIFACT = "model/model.tribuo";

    private final LatestTask exporting;
    private final RunSource source;
    private final Run run;
    private final ReviewStore reviews;
    private final TextField heldOut = new TextField();
    private final TextField training = new TextField();
    private final TextField labelColumn = new TextField("label");
    private final TextField sensitiveColumn = new TextField();
    private final TextField positiveLabel = new TextField();
    private final TextField checklistFile = new TextField();
    private final ChoiceBox<ExportPolicy> policy = new ChoiceBox<>();
    /** The registered version to export by, when opened from the Models view; empty otherwise. */
    private final ChoiceBox<ModelRef> modelRef = new ChoiceBox<>();
    private final TextField signingKey = new TextField();
    private final TextField target = new TextField();
    private final TextField cardOwner = new TextField();
    private final TextField cardLicense = new TextField();
    private final TextArea cardOverview = new TextArea();
    private final TextArea cardUses = new TextArea();
    private final TextArea cardLimitations = new TextArea();
    private final Button export = new Button("Export");
    private final TextArea result = new TextArea();

    /**
     * @param projectFolder folder of the opened project (its {@code data/test.csv} is preselected), or null
     * @param reviews       where explanation sign-offs of the run's model are read from, or null for none
     */
    ExportPane(TaskRunner tasks, RunSource source, Run run, Path projectFolder, ReviewStore reviews) {
        this(tasks, source, run, projectFolder, reviews, List.of());
    }

    /**
     * Export of a registered model version (opened from the Models view): {@code refs} are the ways to name it
     * ({@code NAME/VERSION}, then {@code NAME@ALIAS} per alias); the bundle is exported by the chosen one as
     * {@code handoff bundle export --model} does, recording registry provenance. Empty: export {@code run} itself.
     */
    ExportPane(TaskRunner tasks, RunSource source, Run run, Path projectFolder, ReviewStore reviews, List<ModelRef> refs) {
        modelRef.getItems().setAll(refs);
        if (!refs.isEmpty()) {
            modelRef.setValue(refs.get(0));
        }
        this.exporting = new LatestTask(tasks);
        this.source = source;
        this.run = run;
        this.reviews = reviews;
        configureFields();
        configureCardFields();
        if (projectFolder != null) {
            presetFrom(projectFolder);
        }
        // the form scrolls; Export and the result (a refusal, the warnings) stay in view below it
        ScrollPane scroll = new ScrollPane(form());
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        setCenter(scroll);
        VBox bottom = new VBox(8, export, result);
        bottom.setPadding(new Insets(8, 12, 12, 12));
        setBottom(bottom);
        export.setOnAction(e -> export());
        export.disableProperty().bind(exporting.runningProperty());
    }

    private void configureFields() {
        heldOut.setId("exportHeldOut");
        heldOut.setPromptText("optional; empty = no held-out metrics, fairness or explanations");
        training.setId("exportTraining");
        training.setPromptText("optional; the drift reference profile's training rows (empty = held-out rows only)");
        labelColumn.setId("exportLabel");
        sensitiveColumn.setId("exportSensitive");
        sensitiveColumn.setPromptText("optional, e.g. group");
        positiveLabel.setPromptText("optional, default: the model's first class");
        checklistFile.setId("exportChecklist");
        checklistFile.setPromptText("signed checklist YAML; empty = default checklist (all pending)");
        policy.setId("exportPolicy");
        policy.getItems().setAll(ExportPolicy.values());
        policy.setValue(ExportPolicy.REFUSE);
        signingKey.setId("exportSigningKey");
        signingKey.setPromptText("optional NAME.key (NAME.pub next to it)");
        target.setId("exportTarget");
        target.setPromptText("folder, or a file ending .zip");
        export.setId("exportButton");
        export.setDefaultButton(true);
        result.setId("exportResult");
        result.setEditable(false);
        result.setWrapText(true);
        result.setPrefRowCount(6);
        result.setMinHeight(Region.USE_PREF_SIZE);
        // a chosen file (preset, Browse, or typed then left): not on every keystroke, which would read files on the
        // FX thread as the user types
        heldOut.focusedProperty().addListener((obs, was, focused) -> {
            if (!focused) {
                guessLabelColumn(heldOut.getText());
            }
        });
    }

    private void configureCardFields() {
        cardOwner.setId("exportCardOwner");
        cardLicense.setId("exportCardLicense");
        cardOverview.setId("exportCardOverview");
        cardUses.setId("exportCardUses");
        cardLimitations.setId("exportCardLimitations");
        cardOwner.setPromptText("name <contact>");
        cardLicense.setPromptText("SPDX id, e.g. Apache-2.0 (blank: unspecified)");
        cardOverview.setPromptText("what the model does, for whom");
        cardUses.setPromptText("one intended use per line");
        cardLimitations.setPromptText("one limitation per line");
        for (TextArea area : List.of(cardOverview, cardUses, cardLimitations)) {
            area.setPrefRowCount(2);
            area.setWrapText(true);
        }
    }

    /** Preselects the project's {@code data/test.csv} and a target {@code bundles/<run>.zip} beside it. */
    private void presetFrom(Path projectFolder) {
        Path csv = projectFolder.resolve("data").resolve("test.csv");
        if (Files.isRegularFile(csv)) {
            heldOut.setText(csv.toString());
            guessLabelColumn(heldOut.getText());
        }
        Path train = projectFolder.resolve("data").resolve("train.csv");
        if (Files.isRegularFile(train)) {
            training.setText(train.toString());
        }
        target.setText(projectFolder.resolve("bundles").resolve(safeName(run.displayName()) + ".zip").toString());
    }

    private GridPane form() {
        GridPane form = new GridPane();
        form.setHgap(8);
        form.setVgap(8);
        form.setPadding(new Insets(12));
        // labels keep their full text; the fields take the rest of the width
        ColumnConstraints labels = new ColumnConstraints();
        labels.setMinWidth(Region.USE_PREF_SIZE);
        ColumnConstraints fields = new ColumnConstraints();
        fields.setHgrow(Priority.ALWAYS);
        fields.setFillWidth(true);
        form.getColumnConstraints().setAll(labels, fields);
        boolean registered = !modelRef.getItems().isEmpty();
        Label title = new Label((registered ? "Registered model " + modelRef.getItems().get(0) + " · run " : "Run ")
                + run.displayName());
        title.getStyleClass().add("section-header");
        Label subtitle = new Label("run id " + run.id() + " · model artifact " + (registered
                ? "from the version's source; provenance/registry.json records version, alias and datasets" : MODEL_ARTIFACT));
        subtitle.setWrapText(true);
        VBox header = new VBox(2, title, subtitle);
        if (registered) {
            modelRef.setId("exportModelRef");
            HBox by = new HBox(8, new Label("Export by  --model"), modelRef);
            by.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
            header.getChildren().add(by);
        }
        form.add(header, 0, 0, 2, 1);
        form.addRow(1, new Label("Held-out CSV"), withBrowse(heldOut, "*.csv"));
        form.addRow(2, new Label("Training CSV"), withBrowse(training, "*.csv"));
        form.addRow(3, new Label("Label column"), labelColumn);
        form.addRow(4, new Label("Sensitive column"), sensitiveColumn);
        form.addRow(5, new Label("Positive label"), positiveLabel);
        form.addRow(6, new Label("Checklist"), withBrowse(checklistFile, "*.yml"));
        form.addRow(7, new Label("Policy"), policy);
        form.addRow(8, new Label("Signing key"), withBrowse(signingKey, "*.key"));
        form.addRow(9, new Label("Target"), target);
        form.addRow(10, new Label("Card owner"), cardOwner);
        form.addRow(11, new Label("Card license"), cardLicense);
        form.addRow(12, new Label("Card overview"), cardOverview);
        form.addRow(13, new Label("Intended uses"), cardUses);
        form.addRow(14, new Label("Limitations"), cardLimitations);
        GridPane.setHgrow(heldOut, Priority.ALWAYS);
        return form;
    }

    /**
     * When the held-out CSV changes and has no column named as the label column, picks its last column (where
     * exports and the sample project put the class) so a preselected {@code data/test.csv} works as it is.
     */
    private void guessLabelColumn(String csvText) {
        if (csvText == null || csvText.isBlank()) {
            return;
        }
        try {
            Path csv = Path.of(csvText.trim());
            if (!Files.isRegularFile(csv)) {
                return;
            }
            String header;
            try (var reader = Files.newBufferedReader(csv)) {
                header = reader.readLine();
            }
            if (header == null || header.isBlank()) {
                return;
            }
            List<String> columns = List.of(header.replace("\uFEFF", "").split(","));
            List<String> names = columns.stream().map(c -> c.trim().replaceAll("^\"|\"$", "")).toList();
            if (!names.contains(labelColumn.getText().trim())) {
                labelColumn.setText(names.get(names.size() - 1));
            }
        } catch (IOException | RuntimeException e) {
            // an unreadable file is reported when exporting
        }
    }

    private HBox withBrowse(TextField field, String pattern) {
        Button browse = new Button("…");
        browse.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.getExtensionFilters().addAll(new FileChooser.ExtensionFilter(pattern, pattern),
                    new FileChooser.ExtensionFilter("All files", "*"));
            File f = chooser.showOpenDialog(getScene() == null ? null : getScene().getWindow());
            if (f != null) {
                field.setText(f.getAbsolutePath());
                if (field == heldOut) {
                    guessLabelColumn(field.getText());
                }
            }
        });
        HBox box = new HBox(4, field, browse);
        HBox.setHgrow(field, Priority.ALWAYS);
        return box;
    }

    /** Validates the form and starts the export in the background. */
    void export() {
        RunBundleExport.Request request;
        Path out;
        try {
            out = Path.of(required(target, "a target folder or .zip"));
            request = request();
        } catch (IOException | IllegalArgumentException e) {
            showResult(e.getMessage(), true);
            return;
        }
        showResult("Exporting…", false);
        ModelRef ref = modelRef.getValue();
        exporting.submit("Exporting bundle of " + (ref != null ? ref : run.displayName()), p -> {
            RegistryProvenance registry = null;
            RunBundleExport.Request r = request;
            if (ref != null) { // as handoff bundle export --model: the version's run and model file, its provenance
                p.message("Resolving " + ref);
                registry = RegistryProvenance.resolve(source, ref, null, MODEL_ARTIFACT);
                r = ExportRequests.forVersion(request, registry, reviews);
            }
            BundleWriter writer = RunBundleExport.prepare(source, r, registry, (done, total, message) -> {
                p.message(message);
                p.progress(done, total + 1);
            }, () -> Thread.currentThread().isInterrupted());
            p.message("Writing " + out);
            return out.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".zip")
                    ? writer.writeZip(out) : writer.write(out);
        }, written -> {
            List<String> lines = new ArrayList<>();
            lines.add("Wrote " + written.path() + (written.signed() ? " (signed)" : " (unsigned)"));
            written.warnings().forEach(w -> lines.add("warning: " + w));
            showResult(String.join("\n", lines), false);
        }, e -> showResult(ExportRequests.failure(e), true), () -> showResult("Export cancelled", true));
    }

    /** Shows {@code text} below the form; failures (refusals, form errors) in the error colour. */
    private void showResult(String text, boolean failed) {
        result.setText(text);
        result.getStyleClass().remove(FAILED_STYLE);
        if (failed) {
            result.getStyleClass().add(FAILED_STYLE);
        }
        result.positionCaret(0);
    }

    /** Style class of the result area while it shows a failure. */
    static final String FAILED_STYLE = "export-failed";

    private RunBundleExport.Request request() throws IOException {
        String csvText = blankToNull(heldOut);
        Path csv = csvText == null ? null : Path.of(csvText);
        String label = null;
        if (csv != null) {
            if (!Files.isRegularFile(csv)) {
                throw new IllegalArgumentException("held-out CSV " + csv + " does not exist");
            }
            label = required(labelColumn, "the label column of " + csv.getFileName());
        } else if (blankToNull(sensitiveColumn) != null) {
            throw new IllegalArgumentException("sensitive column '" + blankToNull(sensitiveColumn)
                    + "' needs a held-out CSV: group fairness is computed on held-out rows");
        }
        Path train = ExportRequests.existingFile(blankToNull(training), "training CSV");
        Checklist checklist = checklistFile.getText().isBlank() ? ChecklistIo.loadDefault()
                : ChecklistIo.load(Path.of(checklistFile.getText().trim()));
        KeyPair signer = null;
        if (!signingKey.getText().isBlank()) {
            Path key = Path.of(signingKey.getText().trim());
            String name = key.getFileName().toString();
            Path pub = key.resolveSibling((name.endsWith(".key") ? name.substring(0, name.length() - 4) : name) + ".pub");
            try {
                signer = new KeyPair(EcKeys.readPublicKey(pub), EcKeys.readPrivateKey(key));
            } catch (java.nio.file.NoSuchFileException e) {
                throw new IllegalArgumentException("signing key: " + e.getFile() + " does not exist"
                        + " (the key NAME.key needs its public key NAME.pub beside it)", e);
            }
        }
        List<ExplanationReview> signoffs = reviews == null ? List.of()
                : reviews.reviews(ReviewStore.runModelRef(run.id(), MODEL_ARTIFACT));
        return new RunBundleExport.Request(run.id(), MODEL_ARTIFACT, csv, label, blankToNull(sensitiveColumn),
                blankToNull(positiveLabel), 20, 42L, checklist, policy.getValue(), signer, signoffs,
                ExportRequests.cardEdits(cardOwner.getText(), cardLicense.getText(), cardOverview.getText(),
                        cardUses.getText(), cardLimitations.getText())).withTraining(train);
    }

    private static String required(TextField field, String what) {
        String text = field.getText() == null ? "" : field.getText().trim();
        if (text.isEmpty()) {
            throw new IllegalArgumentException("enter " + what);
        }
        return text;
    }

    private static String blankToNull(TextField field) {
        String text = field.getText();
        return text == null || text.isBlank() ? null : text.trim();
    }

    private static String safeName(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]+", "_");
    }

    String resultText() {
        return result.getText();
    }

    TextField training() {
        return training;
    }

    TextField heldOut() {
        return heldOut;
    }

    TextField target() {
        return target;
    }

    ChoiceBox<ModelRef> modelRef() {
        return modelRef;
    }

    ChoiceBox<ExportPolicy> policy() {
        return policy;
    }
}
