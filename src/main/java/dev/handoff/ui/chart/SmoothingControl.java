package dev.handoff.ui.chart;

import dev.handoff.metrics.Smoothing;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Pos;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The charts' smoothing control: the kind (EMA, time-weighted EMA, Gaussian, running average, none) and its one
 * parameter on a slider whose range follows the kind; each kind remembers its last parameter.
 */
public final class SmoothingControl extends HBox {
    private final ChoiceBox<Smoothing.Kind> kind = new ChoiceBox<>();
    private final Slider parameter = new Slider();
    private final Label shown = new Label();
    private final Map<Smoothing.Kind, Double> remembered = new EnumMap<>(Smoothing.Kind.class);
    private final ReadOnlyObjectWrapper<Smoothing> value = new ReadOnlyObjectWrapper<>(this, "value");
    private boolean switching;

    public SmoothingControl() {
        super(6);
        setAlignment(Pos.CENTER_LEFT);
        remembered.put(Smoothing.Kind.EMA, 0.6);
        remembered.put(Smoothing.Kind.TIME_WEIGHTED_EMA, 0.6);
        remembered.put(Smoothing.Kind.GAUSSIAN, 3.0);
        remembered.put(Smoothing.Kind.RUNNING_AVERAGE, 9.0);
        kind.setId("smoothingKind");
        kind.getItems().setAll(Smoothing.Kind.values());
        parameter.setId("smoothing");
        parameter.setPrefWidth(120);
        shown.setMinWidth(Region.USE_PREF_SIZE);
        kind.valueProperty().addListener((o, a, b) -> switchTo(b));
        parameter.valueProperty().addListener((o, a, b) -> {
            if (!switching) {
                remembered.put(kind.getValue(), b.doubleValue());
                update();
            }
        });
        kind.setValue(Smoothing.Kind.EMA);
        getChildren().addAll(new Label("Smoothing"), kind, parameter, shown);
    }

    private void switchTo(Smoothing.Kind k) {
        switching = true;
        parameter.setDisable(k == Smoothing.Kind.NONE);
        parameter.setMin(k.min);
        parameter.setMax(k.max);
        parameter.setValue(remembered.getOrDefault(k, k.min));
        switching = false;
        update();
    }

    private void update() {
        Smoothing.Kind k = kind.getValue();
        double p = parameter.getValue();
        Smoothing s = switch (k) {
            case NONE -> Smoothing.NONE;
            case RUNNING_AVERAGE -> new Smoothing(k, Math.max(1, Math.round(p)));
            case GAUSSIAN -> new Smoothing(k, Math.max(k.min, p));
            default -> new Smoothing(k, Math.min(p, 0.99));
        };
        shown.setText(k == Smoothing.Kind.NONE ? "" : k == Smoothing.Kind.RUNNING_AVERAGE
                ? Long.toString(Math.round(s.parameter())) : String.format(Locale.ROOT, "%.2f", s.parameter()));
        value.set(s);
    }

    /** The smoothing chosen. */
    public ReadOnlyObjectProperty<Smoothing> valueProperty() {
        return value.getReadOnlyProperty();
    }

    public Smoothing value() {
        return value.get();
    }

    /** Chooses {@code s} (its kind and parameter). */
    public void set(Smoothing s) {
        remembered.put(s.kind(), s.parameter());
        if (kind.getValue() == s.kind()) {
            parameter.setValue(s.parameter());
        } else {
            kind.setValue(s.kind());
        }
    }

    /** The parameter slider (tests). */
    public Slider slider() {
        return parameter;
    }
}
