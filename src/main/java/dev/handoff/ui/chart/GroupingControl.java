package dev.handoff.ui.chart;

import dev.handoff.metrics.Aggregate;
import dev.handoff.metrics.Band;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;

import java.util.ArrayList;
import java.util.List;

/**
 * The charts' grouping control, W&amp;B's "Group" button: group the selected runs by a param or tag (runs equal in it
 * form one group), each group drawn as its mean or median with a band. "none" draws every run on its own.
 */
public final class GroupingControl extends HBox {
    /** The group-by choice that means: no grouping. */
    public static final String NONE = "none";

    private final ComboBox<String> groupBy = new ComboBox<>();
    private final ChoiceBox<Aggregate> aggregate = new ChoiceBox<>();
    private final ChoiceBox<Band> band = new ChoiceBox<>();
    private final ReadOnlyStringWrapper field = new ReadOnlyStringWrapper(this, "field");

    public GroupingControl() {
        super(6);
        setAlignment(Pos.CENTER_LEFT);
        groupBy.setId("groupBy");
        groupBy.setPrefWidth(150);
        groupBy.getItems().setAll(NONE);
        groupBy.setValue(NONE);
        aggregate.setId("groupAggregate");
        aggregate.getItems().setAll(Aggregate.values());
        aggregate.setValue(Aggregate.MEAN);
        band.setId("groupBand");
        band.getItems().setAll(Band.values());
        band.setValue(Band.MINMAX);
        groupBy.valueProperty().addListener((o, a, b) -> {
            field.set(b == null || b.equals(NONE) ? null : b);
            aggregate.setDisable(field.get() == null);
            this.band.setDisable(field.get() == null);
        });
        aggregate.setDisable(true);
        band.setDisable(true);
        getChildren().addAll(new Label("Group by"), groupBy, aggregate, band);
    }

    /** Offers {@code params.<key>} and {@code tags.<key>} fields; keeps the chosen one if it is still offered. */
    public void setFields(List<String> paramKeys, List<String> tagKeys) {
        String was = groupBy.getValue();
        List<String> items = new ArrayList<>();
        items.add(NONE);
        paramKeys.forEach(k -> items.add("params." + k));
        tagKeys.stream().filter(k -> !k.startsWith("mlflow.")).forEach(k -> items.add("tags." + k));
        groupBy.getItems().setAll(items);
        groupBy.setValue(items.contains(was) ? was : NONE);
    }

    /** Groups by {@code field} ({@code params.<key>} / {@code tags.<key>}; null: none) with this line and band. */
    public void set(String field, Aggregate agg, Band b) {
        if (field != null && !groupBy.getItems().contains(field)) {
            groupBy.getItems().add(field);
        }
        aggregate.setValue(agg == null ? Aggregate.MEAN : agg);
        band.setValue(b == null ? Band.NONE : b);
        groupBy.setValue(field == null ? NONE : field);
    }

    /** The group-by field, null when runs are not grouped. */
    public ReadOnlyStringProperty fieldProperty() {
        return field.getReadOnlyProperty();
    }

    public String field() {
        return field.get();
    }

    public Aggregate aggregate() {
        return aggregate.getValue();
    }

    public Band band() {
        return band.getValue();
    }

    /** Calls {@code onChange} whenever the field, the line or the band changes. */
    public void onChange(Runnable onChange) {
        ChangeListener<Object> l = (o, a, b) -> onChange.run();
        field.addListener(l);
        aggregate.valueProperty().addListener(l);
        band.valueProperty().addListener(l);
    }

    /** A run's value of a group-by field ({@code params.<key>} or {@code tags.<key>}), null when it lacks it. */
    public static String valueOf(dev.handoff.runs.Run run, String field) {
        if (field == null) {
            return null;
        }
        if (field.startsWith("params.")) {
            return run.params().get(field.substring("params.".length()));
        }
        if (field.startsWith("tags.")) {
            return run.tags().get(field.substring("tags.".length()));
        }
        throw new IllegalArgumentException("group by params.<key> or tags.<key>, not '" + field + "'");
    }
}
