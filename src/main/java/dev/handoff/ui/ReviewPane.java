package dev.handoff.ui;

import dev.handoff.ui.style.Css;
import dev.handoff.ui.task.TaskRunner;

import dev.handoff.bundle.BundleContents;
import dev.handoff.bundle.BundleVerifier;
import dev.handoff.bundle.VerificationReport;
import dev.handoff.bundle.card.ModelCard;
import dev.handoff.bundle.checklist.Checklist;
import dev.handoff.bundle.checklist.ChecklistIo;
import dev.handoff.bundle.checklist.ChecklistLine;
import dev.handoff.bundle.checklist.ChecklistSection;
import dev.handoff.bundle.checklist.LineStatus;
import dev.handoff.bundle.manifest.Ed25519Keys;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableColumn;
import javafx.scene.control.TreeTableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Review of an exported bundle: Card, Checklist (sign-off), Explanations, Integrity and Compare tabs. The bundle is
 * read through {@code BundleReader} in the background and never modified; a signed checklist is saved elsewhere.
 */
final class ReviewPane extends BorderPane {
    private final TaskRunner tasks;
    private final Clock clock;
    private final Label bundleLabel = new Label("No bundle open");
    private final TabPane tabs = new TabPane();
    // card
    private final GridPane cardDetails = new GridPane();
    private final TableView<ModelCard.PerformanceMetric> metrics = new TableView<>();
    private final ListView<String> considerations = new ListView<>();
    // checklist
    private final TreeTableView<Object> checklistTree = new TreeTableView<>();
    private final ChoiceBox<LineStatus> signStatus = new ChoiceBox<>();
    private final TextField reviewer = new TextField();
    private final TextField evidence = new TextField();
    private final TextField comment = new TextField();
    private final Label checklistMessage = new Label();
    // explanations
    private final TableView<BundleContents.ExplanationSummary> explanations = new TableView<>();
    // integrity
    private final Label integrityStatus = new Label("Not verified");
    private final ListView<String> integrityList = new ListView<>();
    private final TextField trustedKey = new TextField();
    // compare
    private final TableView<BundleContents.DiffRow> diff = new TableView<>();
    private final Label compareLabel = new Label("Compare with another bundle… to see differences");
    private final Tab compareTab;

    private BundleContents contents;
    private Checklist checklist;
    private VerificationReport report;

    ReviewPane(TaskRunner tasks, Clock clock) {
        this.tasks = tasks;
        this.clock = clock;
        getStyleClass().add("review-pane");
        Button open = new Button("Open bundle…");
        open.setOnAction(e -> chooseBundle(this::open));
        Button compare = new Button("Compare with another bundle…");
        compare.setId("compareBundle");
        compare.setOnAction(e -> chooseBundle(this::compareWith));
        bundleLabel.setId("bundleLabel");
        bundleLabel.getStyleClass().add("section-header");
        HBox top = new HBox(8, open, compare, bundleLabel);
        top.setPadding(new Insets(8));
        setTop(top);

        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        compareTab = new Tab("Compare", compareView());
        tabs.getTabs().addAll(new Tab("Card", cardView()), new Tab("Checklist", checklistView()),
                new Tab("Explanations", explanationsView()), new Tab("Integrity", integrityView()), compareTab);
        tabs.setId("reviewTabs");
        setCenter(tabs);
    }

    // --- opening

    /** Reads and verifies {@code bundle} in the background, then shows it. */
    void open(Path bundle) {
        PublicKey key;
        try {
            key = trustedKey();
        } catch (IOException e) {
            integrityStatus.setText(e.getMessage());
            return;
        }
        bundleLabel.setText("Opening " + bundle + "…");
        tasks.submit("Opening bundle " + bundle.getFileName(),
                p -> new Loaded(BundleContents.read(bundle), BundleVerifier.verify(bundle, key)),
                loaded -> show(loaded.contents(), loaded.report()),
                e -> bundleLabel.setText("Could not open " + bundle + ": " + e.getMessage()));
    }

    private record Loaded(BundleContents contents, VerificationReport report) {
    }

    private void show(BundleContents c, VerificationReport r) {
        contents = c;
        bundleLabel.setText(c.name() + " — " + c.path());
        showCard(c.card().orElse(null));
        checklist = c.checklist().orElse(null);
        checklistMessage.setText(checklist == null ? "This bundle has no checklist." : "");
        showChecklist();
        explanations.getItems().setAll(c.explanations());
        showReport(r);
        diff.getItems().clear();
        compareLabel.setText("Compare with another bundle… to see differences");
    }

    private void chooseBundle(java.util.function.Consumer<Path> action) {
        Window w = getScene() == null ? null : getScene().getWindow();
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Open a bundle .zip (Cancel to pick a bundle folder)");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Bundle zip", "*.zip"));
        File f = chooser.showOpenDialog(w);
        if (f == null) {
            DirectoryChooser dirs = new DirectoryChooser();
            dirs.setTitle("Open a bundle folder");
            f = dirs.showDialog(w);
        }
        if (f != null) {
            action.accept(f.toPath());
        }
    }

    // --- card

    private ScrollPane cardView() {
        cardDetails.setHgap(10);
        cardDetails.setVgap(4);
        cardDetails.setId("cardDetails");
        metrics.setId("cardMetrics");
        metrics.getColumns().add(column("Metric", m -> m.type()));
        metrics.getColumns().add(column("Slice", m -> m.slice()));
        metrics.getColumns().add(column("Value", m -> m.value()));
        metrics.getColumns().add(column("CI lower", m -> m.confidenceInterval() == null ? "" : m.confidenceInterval().lowerBound()));
        metrics.getColumns().add(column("CI upper", m -> m.confidenceInterval() == null ? "" : m.confidenceInterval().upperBound()));
        metrics.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        metrics.setPrefHeight(220);
        considerations.setId("cardConsiderations");
        considerations.setPrefHeight(160);
        VBox box = new VBox(8, header("Model details"), cardDetails, header("Performance (with confidence intervals)"),
                metrics, header("Considerations"), considerations);
        box.setPadding(new Insets(10));
        ScrollPane scroll = new ScrollPane(box);
        scroll.setFitToWidth(true);
        return scroll;
    }

    private void showCard(ModelCard card) {
        cardDetails.getChildren().clear();
        metrics.getItems().clear();
        considerations.getItems().clear();
        if (card == null) {
            cardDetails.addRow(0, new Label("This bundle has no model card."));
            return;
        }
        ModelCard.ModelDetails d = card.modelDetails();
        ModelCard.ModelParameters p = card.modelParameters();
        int row = 0;
        row = detail(row, "Name", d.name());
        row = detail(row, "Overview", d.overview());
        row = detail(row, "Version", d.version() == null ? null : d.version().name() + " " + nullToEmpty(d.version().date()));
        row = detail(row, "Owners", join(d.owners().stream().map(o -> o.name() + (o.contact() == null ? "" : " <" + o.contact() + ">")).toList()));
        row = detail(row, "Licenses", join(d.licenses().stream().map(l -> l.identifier() != null ? l.identifier() : l.customText()).toList()));
        row = detail(row, "Architecture", p.modelArchitecture());
        row = detail(row, "Input", p.inputFormat());
        row = detail(row, "Output", p.outputFormat());
        detail(row, "Data", join(p.data().stream().map(ds -> ds.name() + (ds.sensitive() == null ? ""
                : " (sensitive: " + String.join(", ", ds.sensitive().sensitiveData()) + ")")).toList()));
        metrics.getItems().setAll(card.quantitativeAnalysis().performanceMetrics());
        ModelCard.Considerations c = card.considerations();
        c.users().forEach(x -> considerations.getItems().add("User: " + x.description()));
        c.useCases().forEach(x -> considerations.getItems().add("Use case: " + x.description()));
        c.limitations().forEach(x -> considerations.getItems().add("Limitation: " + x.description()));
        c.tradeoffs().forEach(x -> considerations.getItems().add("Trade-off: " + x.description()));
        c.ethicalConsiderations().forEach(x -> considerations.getItems().add("Risk: " + x.name()
                + (x.mitigationStrategy() == null ? "" : " — mitigation: " + x.mitigationStrategy())));
    }

    private int detail(int row, String name, String value) {
        if (value == null || value.isBlank()) {
            return row;
        }
        Label key = new Label(name);
        key.getStyleClass().add("field-name");
        key.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        Label text = new Label(value);
        text.setWrapText(true);
        cardDetails.addRow(row, key, text);
        return row + 1;
    }

    // --- checklist

    private BorderPane checklistView() {
        checklistTree.setId("checklistTree");
        checklistTree.setShowRoot(false);
        checklistTree.getColumns().add(treeColumn("Item", 300, o -> o instanceof ChecklistSection s ? s.title()
                : ((ChecklistLine) o).lineId() + " — " + nullToEmpty(((ChecklistLine) o).lineSummary())));
        checklistTree.getColumns().add(treeColumn("Required", 70, o -> o instanceof ChecklistLine l ? (l.required() ? "yes" : "no") : ""));
        checklistTree.getColumns().add(treeColumn("Status", 100, o -> o instanceof ChecklistLine l ? l.status().yaml() : outstanding((ChecklistSection) o)));
        checklistTree.getColumns().add(treeColumn("Reviewer", 110, o -> o instanceof ChecklistLine l ? l.reviewer() : ""));
        checklistTree.getColumns().add(treeColumn("Timestamp", 170, o -> o instanceof ChecklistLine l ? l.timestamp() : ""));
        checklistTree.getColumns().add(treeColumn("Evidence", 150, o -> o instanceof ChecklistLine l ? l.evidence() : ""));
        checklistTree.getColumns().add(treeColumn("Comment", 200, o -> o instanceof ChecklistLine l ? l.comment() : ""));
        checklistTree.setRowFactory(t -> new javafx.scene.control.TreeTableRow<>() {
            @Override
            protected void updateItem(Object item, boolean empty) {
                super.updateItem(item, empty);
                pseudoClassStateChanged(Css.OUTSTANDING, !empty && item instanceof ChecklistLine l && l.required()
                        && l.status().isOutstanding());
            }
        });
        signStatus.setId("signStatus");
        signStatus.getItems().setAll(LineStatus.values());
        signStatus.setValue(LineStatus.DONE);
        reviewer.setId("signReviewer");
        reviewer.setPromptText("reviewer");
        evidence.setId("signEvidence");
        evidence.setPromptText("evidence link (URL or path)");
        comment.setId("signComment");
        comment.setPromptText("comment");
        Button sign = new Button("Sign off selected line");
        sign.setId("signButton");
        sign.setOnAction(e -> signSelected());
        Button save = new Button("Save signed checklist as…");
        save.setId("saveChecklist");
        save.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle("Save signed checklist");
            chooser.setInitialFileName("checklist.yml");
            chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("YAML", "*.yml", "*.yaml"));
            File f = chooser.showSaveDialog(getScene() == null ? null : getScene().getWindow());
            if (f != null) {
                saveChecklist(f.toPath());
            }
        });
        checklistMessage.setId("checklistMessage");
        checklistMessage.setWrapText(true);
        HBox form = new HBox(6, signStatus, reviewer, evidence, comment, sign);
        HBox.setHgrow(evidence, Priority.ALWAYS);
        HBox.setHgrow(comment, Priority.ALWAYS);
        VBox bottom = new VBox(6, form, new HBox(8, save, checklistMessage));
        bottom.setPadding(new Insets(8));
        BorderPane pane = new BorderPane(checklistTree);
        pane.setBottom(bottom);
        return pane;
    }

    private static String outstanding(ChecklistSection s) {
        long n = s.lines().stream().filter(l -> l.required() && l.status().isOutstanding()).count();
        return n == 0 ? "complete" : n + " outstanding";
    }

    private void showChecklist() {
        TreeItem<Object> root = new TreeItem<>();
        if (checklist != null) {
            for (ChecklistSection s : checklist.sections()) {
                TreeItem<Object> section = new TreeItem<>(s);
                section.setExpanded(true);
                s.lines().forEach(l -> section.getChildren().add(new TreeItem<>(l)));
                root.getChildren().add(section);
            }
        }
        checklistTree.setRoot(root);
    }

    /** Signs the selected line with the form's status, reviewer, evidence and comment. */
    void signSelected() {
        TreeItem<Object> selected = checklistTree.getSelectionModel().getSelectedItem();
        if (checklist == null || selected == null || !(selected.getValue() instanceof ChecklistLine line)) {
            checklistMessage.setText("Select a checklist line first.");
            return;
        }
        try {
            checklist = checklist.sign(line.lineId(), signStatus.getValue(), reviewer.getText().trim(),
                    blankToNull(evidence.getText()), blankToNull(comment.getText()), clock);
        } catch (IllegalArgumentException e) {
            checklistMessage.setText(e.getMessage());
            return;
        }
        int index = checklistTree.getSelectionModel().getSelectedIndex();
        showChecklist();
        checklistTree.getSelectionModel().select(index);
        long open = checklist.outstandingRequired().size();
        checklistMessage.setText("Signed " + line.lineId() + " as " + signStatus.getValue().yaml() + "; "
                + (open == 0 ? "no required lines outstanding" : open + " required lines outstanding")
                + ". The bundle is unchanged: save the signed checklist separately.");
    }

    /** Writes the (signed) checklist as YAML to {@code file} atomically; never into the bundle. */
    void saveChecklist(Path file) {
        if (checklist == null) {
            checklistMessage.setText("This bundle has no checklist.");
            return;
        }
        try {
            ChecklistIo.save(checklist, file);
            checklistMessage.setText("Saved " + file);
        } catch (IOException e) {
            checklistMessage.setText("Could not save " + file + ": " + e.getMessage());
        }
    }

    // --- explanations

    private TableView<BundleContents.ExplanationSummary> explanationsView() {
        explanations.setId("explanationsTable");
        explanations.getColumns().add(column("File", BundleContents.ExplanationSummary::file));
        explanations.getColumns().add(column("Method", BundleContents.ExplanationSummary::method));
        explanations.getColumns().add(column("Rows", e -> Integer.toString(e.rows())));
        explanations.getColumns().add(column("Max additivity residual",
                e -> e.maxResidual() == null ? "" : String.format(Locale.ROOT, "%.3g", e.maxResidual())));
        explanations.getColumns().add(column("Top global features / sign-offs", BundleContents.ExplanationSummary::details));
        double[] widths = {140, 120, 60, 170};
        for (int i = 0; i < widths.length; i++) {
            explanations.getColumns().get(i).setPrefWidth(widths[i]);
            explanations.getColumns().get(i).setMaxWidth(widths[i] * 1.5);
        }
        explanations.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        return explanations;
    }

    // --- integrity

    private VBox integrityView() {
        integrityStatus.setId("integrityStatus");
        integrityStatus.getStyleClass().add("integrity-status");
        integrityList.setId("integrityList");
        trustedKey.setId("trustedKey");
        trustedKey.setPromptText("optional trusted public key (NAME.pub) to check the signature");
        Button browse = new Button("…");
        browse.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("Public key", "*.pub", "*.pem"),
                    new FileChooser.ExtensionFilter("All files", "*"));
            File f = chooser.showOpenDialog(getScene() == null ? null : getScene().getWindow());
            if (f != null) {
                trustedKey.setText(f.getAbsolutePath());
            }
        });
        Button verify = new Button("Verify again");
        verify.setId("verifyButton");
        verify.setOnAction(e -> verify());
        HBox keyRow = new HBox(6, new Label("Trusted key"), trustedKey, browse, verify);
        HBox.setHgrow(trustedKey, Priority.ALWAYS);
        VBox box = new VBox(8, integrityStatus, keyRow, integrityList);
        VBox.setVgrow(integrityList, Priority.ALWAYS);
        box.setPadding(new Insets(10));
        return box;
    }

    /** Verifies the open bundle again, with the trusted key when one is given. */
    void verify() {
        if (contents == null) {
            return;
        }
        Path path = contents.path();
        PublicKey key;
        try {
            key = trustedKey();
        } catch (IOException e) {
            integrityStatus.setText(e.getMessage());
            Css.outcome(integrityStatus, false);
            return;
        }
        tasks.submit("Verifying " + path.getFileName(), p -> BundleVerifier.verify(path, key), this::showReport,
                e -> integrityStatus.setText("Could not verify " + path + ": " + e.getMessage()));
    }

    private PublicKey trustedKey() throws IOException {
        String text = trustedKey.getText();
        return text == null || text.isBlank() ? null : dev.handoff.bundle.manifest.EcKeys.readPublicKey(Path.of(text.trim()));
    }

    private void showReport(VerificationReport r) {
        report = r;
        String signature = r.signature().name().toLowerCase(Locale.ROOT).replace('_', ' ');
        integrityStatus.setText((r.intact() ? "✔ Intact" : "✘ NOT intact") + " — signature " + signature);
        Css.outcome(integrityStatus, r.intact());
        integrityList.getItems().setAll(r.describe());
    }

    // --- compare

    private BorderPane compareView() {
        diff.setId("diffTable");
        diff.getColumns().add(column("Section", BundleContents.DiffRow::section));
        diff.getColumns().add(column("Key", BundleContents.DiffRow::key));
        diff.getColumns().add(column("This bundle", BundleContents.DiffRow::left));
        diff.getColumns().add(column("Other bundle", BundleContents.DiffRow::right));
        diff.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        diff.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(BundleContents.DiffRow item, boolean empty) {
                super.updateItem(item, empty);
                getStyleClass().removeAll("diff-row", Css.DIFFERS);
                if (!empty && item != null && item.differs()) {
                    getStyleClass().addAll("diff-row", Css.DIFFERS);
                }
            }
        });
        compareLabel.setId("compareLabel");
        BorderPane pane = new BorderPane(diff);
        pane.setTop(compareLabel);
        BorderPane.setMargin(compareLabel, new Insets(6));
        return pane;
    }

    /** Reads {@code other} in the background and shows its differences to the open bundle. */
    void compareWith(Path other) {
        if (contents == null) {
            compareLabel.setText("Open a bundle first.");
            tabs.getSelectionModel().select(compareTab);
            return;
        }
        BundleContents mine = contents;
        tasks.submit("Comparing with " + other.getFileName(), p -> BundleContents.read(other), theirs -> {
            diff.getItems().setAll(BundleContents.compare(mine, theirs));
            long n = diff.getItems().stream().filter(BundleContents.DiffRow::differs).count();
            compareLabel.setText(mine.name() + " vs " + theirs.name() + " (" + other + "): " + n + " differing rows");
            tabs.getSelectionModel().select(compareTab);
        }, e -> compareLabel.setText("Could not open " + other + ": " + e.getMessage()));
    }

    // --- helpers and accessors

    private static <T> TableColumn<T, String> column(String title, Function<T, String> value) {
        TableColumn<T, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(value.apply(d.getValue())));
        return c;
    }

    private static TreeTableColumn<Object, String> treeColumn(String title, double width, Function<Object, String> value) {
        TreeTableColumn<Object, String> c = new TreeTableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(d.getValue().getValue() == null ? ""
                : value.apply(d.getValue().getValue())));
        return c;
    }

    private static Label header(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("section-header");
        return l;
    }

    private static String join(List<String> parts) {
        return String.join(", ", parts);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    TabPane tabs() {
        return tabs;
    }

    BundleContents contents() {
        return contents;
    }

    Checklist checklist() {
        return checklist;
    }

    VerificationReport report() {
        return report;
    }

    TreeTableView<Object> checklistTree() {
        return checklistTree;
    }

    TableView<BundleContents.DiffRow> diffTable() {
        return diff;
    }

    String integrityText() {
        return integrityStatus.getText();
    }

    String checklistMessage() {
        return checklistMessage.getText();
    }

    TextField reviewer() {
        return reviewer;
    }

    TextField evidence() {
        return evidence;
    }

    ChoiceBox<LineStatus> signStatus() {
        return signStatus;
    }
}
