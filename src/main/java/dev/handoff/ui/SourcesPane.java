package dev.handoff.ui;

import dev.handoff.runs.Experiment;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

import java.util.List;
import java.util.function.Consumer;

/** Left column: the open source, open buttons, recent sources and the experiments list (multi-select). */
final class SourcesPane extends VBox {
    private final Label sourceLabel = new Label("No source");
    private final ListView<String> recent = new ListView<>();
    private final ListView<Experiment> experiments = new ListView<>();

    SourcesPane(Runnable openFolder, Runnable openDb, Consumer<String> openRecent) {
        super(6);
        setPadding(new Insets(8));
        getStyleClass().add("sources-pane");
        sourceLabel.setId("sourceLabel");
        sourceLabel.setWrapText(true);
        Button folder = new Button("Open folder…");
        folder.setTooltip(new Tooltip("An mlruns folder or a project folder holding mlruns/ or mlflow.db (Ctrl+O)"));
        folder.setOnAction(e -> openFolder.run());
        Button db = new Button("Open mlflow.db…");
        db.setOnAction(e -> openDb.run());
        recent.setId("recentSources");
        recent.setPrefHeight(110);
        recent.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2 && recent.getSelectionModel().getSelectedItem() != null) {
                openRecent.accept(recent.getSelectionModel().getSelectedItem());
            }
        });
        experiments.setId("experiments");
        experiments.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        experiments.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(Experiment item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : item.name() + "  (" + item.id() + ")");
            }
        });
        VBox.setVgrow(experiments, Priority.ALWAYS);
        getChildren().addAll(header("Source"), sourceLabel, new VBox(4, folder, db), header("Recent (double-click)"),
                recent, header("Experiments"), experiments);
        folder.setMaxWidth(Double.MAX_VALUE);
        db.setMaxWidth(Double.MAX_VALUE);
    }

    private static Label header(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("section-header");
        return l;
    }

    void setSource(String description) {
        sourceLabel.setText(description);
    }

    void setRecent(List<String> locations) {
        recent.getItems().setAll(locations);
    }

    ListView<Experiment> experiments() {
        return experiments;
    }

    ObservableList<Experiment> selectedExperiments() {
        return experiments.getSelectionModel().getSelectedItems();
    }
}
