package dev.handoff.explain;

import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Seeded synthetic classification data for the explain tests. */
final class Synthetic {

    private Synthetic() {
    }

    /**
     * Rows with {@code numFeatures} standard normal features named x0..x{n-1}; the label depends on x0 and x1 only.
     * With {@code classes == 2} the label is "pos" when {@code 2·x0 − 1.5·x1 + noise > 0}; with 3 classes it is
     * the region of (x0, x1).
     *
     * @param missingRate probability that a feature is absent from an example (a missing value)
     */
    static MutableDataset<Label> dataset(long seed, int rows, int numFeatures, int classes, double missingRate) {
        LabelFactory factory = new LabelFactory();
        MutableDataset<Label> ds = new MutableDataset<>(new SimpleDataSourceProvenance("synthetic", factory), factory);
        Random rnd = new Random(seed);
        for (int r = 0; r < rows; r++) {
            double[] x = new double[numFeatures];
            for (int i = 0; i < numFeatures; i++) {
                x[i] = rnd.nextGaussian();
            }
            double score = 2 * x[0] - 1.5 * x[1] + 0.3 * rnd.nextGaussian();
            String label;
            if (classes == 2) {
                label = score > 0 ? "pos" : "neg";
            } else {
                label = score > 1 ? "high" : (x[1] > 0.5 ? "mid" : "low");
            }
            List<String> names = new ArrayList<>();
            List<Double> values = new ArrayList<>();
            for (int i = 0; i < numFeatures; i++) {
                if (rnd.nextDouble() >= missingRate) {
                    names.add("x" + i);
                    values.add(x[i]);
                }
            }
            if (names.isEmpty()) { // Tribuo rejects examples without features
                names.add("x0");
                values.add(x[0]);
            }
            Example<Label> ex = new ArrayExample<>(new Label(label), names.toArray(String[]::new),
                    values.stream().mapToDouble(Double::doubleValue).toArray());
            ds.add(ex);
        }
        return ds;
    }
}
