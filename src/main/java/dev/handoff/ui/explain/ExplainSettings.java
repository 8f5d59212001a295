package dev.handoff.ui.explain;

import dev.handoff.explain.ExplanationMethod;
import dev.handoff.explain.ExplanationService;
import dev.handoff.explain.ExplanationService.Kind;
import dev.handoff.explain.Explainers;
import dev.handoff.explain.TribuoFunctions;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import org.tribuo.Model;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * How to explain: the method the model supports, the explained class (or regression output), and the method's
 * parameters (rows, sampling budget, background clusters, seed, permutation repeats), with the Explain button.
 */
final class ExplainSettings extends FlowPane {
    private final ComboBox<Kind> method = new ComboBox<>();
    private final Label outputLabel = new Label("Class");
    private final ComboBox<String> explainedClass = new ComboBox<>();
    private final Spinner<Integer> maxRows = new Spinner<>(1, 100_000, 200, 50);
    private final Spinner<Integer> samples = new Spinner<>(50, 1_000_000, 1000, 100);
    private final Spinner<Integer> backgroundK = new Spinner<>(1, 500, 20, 5);
    private final TextField seed = new TextField("42");
    private final Spinner<Integer> repeats = new Spinner<>(1, 100, 5, 1);
    private final Button explain = new Button("Explain");

    /** What the settings ask for; {@link #request(int)} makes the service request for a data file's row count. */
    record Choice(Kind kind, String output, int maxRows, Explainers.Options options, int repeats) {
        ExplanationService.Request request(int numRows) {
            List<Integer> rows = kind == Kind.PERMUTATION || kind == Kind.INTRINSIC ? List.of()
                    : IntStream.range(0, Math.min(maxRows, numRows)).boxed().toList();
            return new ExplanationService.Request(kind, output, rows, options, repeats);
        }
    }

    ExplainSettings(Runnable onExplain) {
        super(8, 6);
        method.setId("method");
        explainedClass.setId("explainedClass");
        explain.setId("explain");
        explain.setDefaultButton(true);
        explain.setOnAction(e -> onExplain.run());
        for (Spinner<Integer> s : List.of(maxRows, samples, backgroundK, repeats)) {
            s.setEditable(true);
            s.setPrefWidth(90);
        }
        seed.setId("seed");
        seed.setPrefColumnCount(6);
        samples.setTooltip(new Tooltip("KernelSHAP coalitions / LIME samples per row"));
        backgroundK.setTooltip(new Tooltip("k-means clusters summarising the background data (KernelSHAP, linear SHAP)"));
        repeats.setTooltip(new Tooltip("shuffles per feature (permutation importance)"));
        method.valueProperty().addListener((o, a, b) -> updateParameterState());
        getChildren().addAll(new Label("Method"), method, outputLabel, explainedClass, new Label("Rows"), maxRows,
                new Label("Samples"), samples, new Label("Background k"), backgroundK, new Label("Seed"), seed,
                new Label("Repeats"), repeats, explain);
        setAlignment(Pos.CENTER_LEFT);
        updateParameterState();
    }

    /** Offers the methods and outputs of {@code model}, the exact methods first. */
    @SuppressWarnings("unchecked")
    void configure(Model<?> model) {
        List<Kind> kinds = new ArrayList<>();
        for (ExplanationMethod m : Explainers.supported(model)) {
            kinds.add(Kind.valueOf(m.name()));
        }
        kinds.add(Kind.PERMUTATION);
        kinds.add(Kind.INTRINSIC);
        method.getItems().setAll(kinds);
        method.getSelectionModel().select(0);
        if (TribuoFunctions.isRegressor(model)) {
            List<String> dims = TribuoFunctions.dimensions((Model<org.tribuo.regression.Regressor>) model);
            outputLabel.setText("Output");
            explainedClass.getItems().setAll(dims);
            explainedClass.setValue(dims.get(0));
        } else {
            Model<org.tribuo.classification.Label> classifier = (Model<org.tribuo.classification.Label>) model;
            List<String> classes = new ArrayList<>();
            classifier.getOutputIDInfo().getDomain().forEach(l -> classes.add(l.getLabel()));
            classes.sort(String::compareTo);
            outputLabel.setText("Class");
            explainedClass.getItems().setAll(classes);
            explainedClass.setValue(ExplanationService.defaultLabel(classifier));
        }
    }

    /**
     * The current choice.
     *
     * @throws IllegalArgumentException naming the field at fault
     */
    Choice choice() {
        if (method.getValue() == null) {
            throw new IllegalArgumentException("Choose a model and a CSV first");
        }
        long seedValue;
        try {
            seedValue = Long.parseLong(seed.getText().strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Seed must be a whole number, not '" + seed.getText() + "'");
        }
        Explainers.Options options = new Explainers.Options(backgroundK.getValue(), samples.getValue(),
                samples.getValue(), seedValue);
        return new Choice(method.getValue(), explainedClass.getValue(), maxRows.getValue(), options, repeats.getValue());
    }

    Button explainButton() {
        return explain;
    }

    ComboBox<Kind> method() {
        return method;
    }

    ComboBox<String> explainedClass() {
        return explainedClass;
    }

    Spinner<Integer> maxRows() {
        return maxRows;
    }

    private void updateParameterState() {
        Kind k = method.getValue();
        samples.setDisable(k != Kind.KERNEL_SHAP && k != Kind.LIME);
        backgroundK.setDisable(k != Kind.KERNEL_SHAP && k != Kind.LINEAR_SHAP);
        repeats.setDisable(k != Kind.PERMUTATION);
        maxRows.setDisable(k == Kind.PERMUTATION || k == Kind.INTRINSIC);
    }
}
