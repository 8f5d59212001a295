package dev.handoff.ui.review;

import dev.handoff.bundle.card.ModelCard;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TableView;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import java.util.List;

import static dev.handoff.ui.review.Controls.column;
import static dev.handoff.ui.review.Controls.header;
import static dev.handoff.ui.review.Controls.nullToEmpty;

/** The Card tab: the bundle's model card (details, performance with confidence intervals, considerations). */
final class CardTab {
    private final GridPane details = new GridPane();
    private final TableView<ModelCard.PerformanceMetric> metrics = new TableView<>();
    private final ListView<String> considerations = new ListView<>();
    private final Tab tab;

    CardTab() {
        details.setHgap(10);
        details.setVgap(4);
        details.setId("cardDetails");
        metrics.setId("cardMetrics");
        metrics.getColumns().add(column("Metric", ModelCard.PerformanceMetric::type));
        metrics.getColumns().add(column("Slice", ModelCard.PerformanceMetric::slice));
        metrics.getColumns().add(column("Value", ModelCard.PerformanceMetric::value));
        metrics.getColumns().add(column("CI lower", m -> m.confidenceInterval() == null ? "" : m.confidenceInterval().lowerBound()));
        metrics.getColumns().add(column("CI upper", m -> m.confidenceInterval() == null ? "" : m.confidenceInterval().upperBound()));
        metrics.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        metrics.setPrefHeight(220);
        considerations.setId("cardConsiderations");
        considerations.setPrefHeight(160);
        VBox box = new VBox(8, header("Model details"), details, header("Performance (with confidence intervals)"),
                metrics, header("Considerations"), considerations);
        box.setPadding(new Insets(10));
        ScrollPane scroll = new ScrollPane(box);
        scroll.setFitToWidth(true);
        tab = new Tab("Card", scroll);
    }

    Tab tab() {
        return tab;
    }

    /** Shows {@code card}, or says the bundle has none when it is null. */
    void show(ModelCard card) {
        details.getChildren().clear();
        metrics.getItems().clear();
        considerations.getItems().clear();
        if (card == null) {
            details.addRow(0, new Label("This bundle has no model card."));
            return;
        }
        showDetails(card.modelDetails(), card.modelParameters());
        metrics.getItems().setAll(card.quantitativeAnalysis().performanceMetrics());
        ModelCard.Considerations c = card.considerations();
        c.users().forEach(x -> considerations.getItems().add("User: " + x.description()));
        c.useCases().forEach(x -> considerations.getItems().add("Use case: " + x.description()));
        c.limitations().forEach(x -> considerations.getItems().add("Limitation: " + x.description()));
        c.tradeoffs().forEach(x -> considerations.getItems().add("Trade-off: " + x.description()));
        c.ethicalConsiderations().forEach(x -> considerations.getItems().add("Risk: " + x.name()
                + (x.mitigationStrategy() == null ? "" : " — mitigation: " + x.mitigationStrategy())));
    }

    private void showDetails(ModelCard.ModelDetails d, ModelCard.ModelParameters p) {
        int row = 0;
        row = detail(row, "Name", d.name());
        row = detail(row, "Overview", d.overview());
        row = detail(row, "Version", d.version() == null ? null : d.version().name() + " " + nullToEmpty(d.version().date()));
        row = detail(row, "Owners", join(d.owners().stream()
                .map(o -> o.name() + (o.contact() == null ? "" : " <" + o.contact() + ">")).toList()));
        row = detail(row, "Licenses", join(d.licenses().stream()
                .map(l -> l.identifier() != null ? l.identifier() : l.customText()).toList()));
        row = detail(row, "Architecture", p.modelArchitecture());
        row = detail(row, "Input", p.inputFormat());
        row = detail(row, "Output", p.outputFormat());
        detail(row, "Data", join(p.data().stream().map(ds -> ds.name() + (ds.sensitive() == null ? ""
                : " (sensitive: " + String.join(", ", ds.sensitive().sensitiveData()) + ")")).toList()));
    }

    private int detail(int row, String name, String value) {
        if (value == null || value.isBlank()) {
            return row;
        }
        Label key = new Label(name);
        key.getStyleClass().add("field-name");
        key.setMinWidth(Region.USE_PREF_SIZE);
        Label text = new Label(value);
        text.setWrapText(true);
        details.addRow(row, key, text);
        return row + 1;
    }

    private static String join(List<String> parts) {
        return String.join(", ", parts);
    }
}
