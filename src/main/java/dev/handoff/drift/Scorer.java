package dev.handoff.drift;

/** The model's positive-class probability and predicted label for every row of a table. */
public interface Scorer {
    record Scores(double[] probability, String[] predicted) {
    }

    Scores score(DataTable table);
}
