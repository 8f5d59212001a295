package dev.handoff.bundle;

import org.tribuo.Dataset;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import org.tribuo.transform.TransformTrainer;
import org.tribuo.transform.Transformation;
import org.tribuo.transform.TransformationMap;
import org.tribuo.transform.transformations.MeanStdDevTransformation;

import java.util.List;
import java.util.Random;

/** Seeded synthetic data and tiny Tribuo models for bundle tests. */
public final class TinyModels {
    public static final String[] FEATURES = {"age", "income", "debt"};

    private TinyModels() {
    }

    /** {@code n} examples; label "yes" when income - debt + noise > 0. */
    public static Dataset<Label> data(int n, long seed) {
        Random random = new Random(seed);
        LabelFactory factory = new LabelFactory();
        MutableDataset<Label> dataset = new MutableDataset<>(new SimpleDataSourceProvenance("synthetic", factory), factory);
        for (int i = 0; i < n; i++) {
            double age = random.nextGaussian();
            double income = random.nextGaussian();
            double debt = random.nextGaussian();
            String label = income - debt + 0.3 * random.nextGaussian() > 0 ? "yes" : "no";
            dataset.add(new ArrayExample<>(new Label(label), FEATURES, new double[]{age, income, debt}));
        }
        return dataset;
    }

    public static Model<Label> logistic() {
        return new LogisticRegressionTrainer().train(data(200, 7));
    }

    /** A logistic regression trained behind {@code TransformTrainer} with the given per-feature transformations. */
    public static Model<Label> transformedLogistic(Transformation... transformations) {
        return new TransformTrainer<>(new LogisticRegressionTrainer(),
                new TransformationMap(List.of(transformations))).train(data(200, 7));
    }

    /** A CART tree behind {@code TransformTrainer} with mean/std standardisation. */
    public static Model<Label> transformedCart() {
        return new TransformTrainer<>(new CARTClassificationTrainer(3),
                new TransformationMap(List.of(new MeanStdDevTransformation()))).train(data(200, 7));
    }

    public static Model<Label> cart() {
        return new CARTClassificationTrainer(3).train(data(200, 7));
    }
}
