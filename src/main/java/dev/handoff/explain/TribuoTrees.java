package dev.handoff.explain;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.common.tree.LeafNode;
import org.tribuo.common.tree.Node;
import org.tribuo.common.tree.SplitNode;
import org.tribuo.common.tree.TreeModel;
import org.tribuo.common.xgboost.XGBoostModel;
import org.tribuo.ensemble.EnsembleModel;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.rtree.IndependentRegressionTreeModel;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Translates Tribuo tree models into {@link TreeEnsemble}s for {@link TreeShap}.
 *
 * <ul>
 *   <li><b>CART</b> ({@link TreeModel} of {@link Label}): the explained output is P(class), the class's share of the
 *   leaf's output distribution. Tribuo's finished nodes keep impurity but not how many training rows reached them,
 *   so the cover is recomputed by routing a reference table (ideally the training data) through the tree.</li>
 *   <li><b>XGBoost</b> ({@link XGBoostModel} of {@link Label}): the explained output is the class's raw margin
 *   (softmax logit), base score included. Splits, covers (hessian sums) and leaf values come from the booster's JSON
 *   model ({@code Booster.toByteArray("json")}), which keeps float32 values exactly and records which class each tree
 *   belongs to; Tribuo feature ids are XGBoost column indices.</li>
 *   <li><b>CART regression</b> ({@link TreeModel} of {@link Regressor}, from {@code CARTRegressionTrainer} — one tree
 *   per output dimension — or {@code CARTJointRegressionTrainer} — one tree for all): the explained output is the
 *   predicted value of one dimension, the leaf's mean; covers are recomputed from reference rows as for CART
 *   classifiers.</li>
 * </ul>
 */
public final class TribuoTrees {

    /** Output space of XGBoost class margins. */
    public static final String MARGIN = "margin (softmax logit)";
    /** Output space of CART leaf distributions. */
    public static final String PROBABILITY = "probability";
    /** Output space of regressors: the predicted value itself. */
    public static final String PREDICTED_VALUE = "predicted value";

    private TribuoTrees() {
    }

    /**
     * Whether {@link #of} may translate the model: CART, XGBoost, or an ensemble of CART trees (which {@link #of}
     * still checks to be a plain average of its members' probabilities).
     */
    public static boolean supports(Model<Label> model) {
        return model instanceof TreeModel || model instanceof XGBoostModel || isTreeEnsemble(model);
    }

    private static boolean isTreeEnsemble(Model<Label> model) {
        return model instanceof EnsembleModel<Label> ensemble && !ensemble.getModels().isEmpty()
                && ensemble.getModels().stream().allMatch(m -> m instanceof TreeModel);
    }

    /**
     * Translates a CART or XGBoost classifier.
     *
     * @param coverData rows used to recompute CART covers (ignored for XGBoost, which stores them); columns must
     *                  match the model's features
     */
    public static TreeEnsemble of(Model<Label> model, String label, FeatureTable coverData) {
        if (model instanceof TreeModel<Label> tree) {
            return cart(tree, label, coverData);
        }
        if (model instanceof XGBoostModel<Label> xgb) {
            return xgboost(xgb, label);
        }
        if (isTreeEnsemble(model)) {
            return averagedForest((EnsembleModel<Label>) model, label, coverData);
        }
        throw new IllegalArgumentException("TreeSHAP needs a Tribuo CART or XGBoost tree model, not "
                + model.getClass().getSimpleName());
    }

    /**
     * A Tribuo CART classifier as a single-tree ensemble explaining P({@code label}).
     *
     * <p>Tribuo sends {@code x > threshold} to the "greater than" child and everything else, including an absent
     * feature (read as 0), to the other; a missing value here therefore follows the branch 0 would take. Covers are
     * the number of {@code coverData} rows reaching each node; pass the training data to get the training counts
     * (for bagged trees those are the bootstrap counts, which Tribuo does not keep, so the training data is the
     * closest available reference).
     */
    public static TreeEnsemble cart(TreeModel<Label> model, String label, FeatureTable coverData) {
        TribuoFunctions.requireLabel(model, label);
        return cartTree(model, model.getRoot(), leaf -> {
            Label score = leaf.getDistribution().get(label);
            return score == null ? 0.0 : score.getScore();
        }, coverData, PROBABILITY);
    }

    /** Whether {@link #regressionCart} may translate the regressor (a Tribuo CART regression tree). */
    public static boolean supportsRegression(Model<Regressor> model) {
        return model instanceof TreeModel;
    }

    /**
     * A Tribuo CART regressor as a single-tree ensemble explaining the predicted value of {@code dimension}: the tree
     * of that dimension for {@link IndependentRegressionTreeModel} ({@code CARTRegressionTrainer}), the shared tree
     * otherwise ({@code CARTJointRegressionTrainer}). Routing, missing values and covers are as in {@link #cart}.
     *
     * @param dimension the output dimension, or null for a single-dimension regressor
     */
    public static TreeEnsemble regressionCart(TreeModel<Regressor> model, String dimension, FeatureTable coverData) {
        String dim = TribuoFunctions.requireDimension(model, dimension);
        Node<Regressor> root = model instanceof IndependentRegressionTreeModel independent
                ? independent.getRoots().get(dim) : model.getRoot();
        if (root == null) {
            throw new IllegalArgumentException("Regression tree '" + model.getName() + "' has no tree for dimension '"
                    + dim + "'");
        }
        return cartTree(model, root, leaf -> leaf.getOutput().getDimension(dim)
                .orElseThrow(() -> new IllegalArgumentException("A leaf of '" + model.getName()
                        + "' has no value for dimension '" + dim + "'"))
                .getValue(), coverData, PREDICTED_VALUE);
    }

    private static <T extends org.tribuo.Output<T>> TreeEnsemble cartTree(TreeModel<T> model, Node<T> root,
                                                                          ToDoubleFunction<LeafNode<T>> leafValue,
                                                                          FeatureTable coverData, String outputSpace) {
        List<String> features = FeatureTable.modelFeatures(model);
        FeatureTable data = coverData.alignTo(features);
        if (data.numRows() == 0) {
            throw new IllegalArgumentException("CART covers need at least one reference row");
        }
        NodeArrays arrays = new NodeArrays();
        flatten(root, leafValue, arrays);
        TreeEnsemble.Tree shape = arrays.toTree(new double[arrays.size()]);
        double[] cover = new double[arrays.size()];
        for (double[] row : data.rowsView()) {
            int node = 0;
            cover[node]++;
            while (!shape.isLeaf(node)) {
                node = shape.next(node, row[shape.feature(node)], TreeEnsemble.SplitRule.LESS_OR_EQUAL);
                cover[node]++;
            }
        }
        return new TreeEnsemble(features, List.of(arrays.toTree(cover)), 0.0, TreeEnsemble.SplitRule.LESS_OR_EQUAL,
                outputSpace);
    }

    /**
     * An ensemble of CART trees (e.g. a random forest) whose prediction is the plain average of its members' class
     * distributions, as Tribuo's {@code FullyWeightedVotingCombiner} with equal weights computes it. Tribuo exposes
     * neither the combiner nor the weights, so the averaging is verified on the reference rows: a hard-voting
     * ensemble (Tribuo's {@code VotingCombiner}, the usual random-forest default) or unequal weights are refused,
     * because their output is not a sum over trees.
     */
    public static TreeEnsemble averagedForest(EnsembleModel<Label> model, String label, FeatureTable coverData) {
        TribuoFunctions.requireLabel(model, label);
        List<String> features = FeatureTable.modelFeatures(model);
        FeatureTable data = coverData.alignTo(features);
        List<Model<Label>> members = model.getModels();
        double scale = 1.0 / members.size();
        List<TreeEnsemble.Tree> trees = new ArrayList<>();
        for (Model<Label> member : members) {
            if (!(member instanceof TreeModel<Label> tree)) {
                throw new IllegalArgumentException("Ensemble member " + member.getClass().getSimpleName()
                        + " is not a CART tree");
            }
            List<String> memberFeatures = FeatureTable.modelFeatures(tree);
            TreeEnsemble.Tree single = cart(tree, label, data.select(memberFeatures))
                    .trees().get(0);
            int[] feature = single.feature();
            for (int n = 0; n < feature.length; n++) {
                if (!single.isLeaf(n)) {
                    feature[n] = features.indexOf(memberFeatures.get(feature[n]));
                }
            }
            double[] value = single.value();
            for (int n = 0; n < value.length; n++) {
                value[n] *= scale;
            }
            trees.add(new TreeEnsemble.Tree(feature, single.threshold(), single.left(), single.right(),
                    single.defaultLeft(), single.cover(), value));
        }
        TreeEnsemble ensemble = new TreeEnsemble(features, trees, 0.0, TreeEnsemble.SplitRule.LESS_OR_EQUAL,
                PROBABILITY);
        double[][] rows = data.rowsView();
        List<Prediction<Label>> predictions = model.predict(TribuoFunctions.examples(features, rows));
        for (int r = 0; r < rows.length; r++) {
            Label score = predictions.get(r).getOutputScores().get(label);
            double actual = score == null ? 0.0 : score.getScore();
            if (Math.abs(actual - ensemble.predict(rows[r])) > 1e-6) {
                throw new IllegalArgumentException("Ensemble '" + model.getName() + "' does not average its trees'"
                        + " probabilities with equal weights (row " + r + ": ensemble " + actual + ", tree average "
                        + ensemble.predict(rows[r]) + "); TreeSHAP needs an additive ensemble, e.g. one built with "
                        + "FullyWeightedVotingCombiner. Use KernelSHAP instead.");
            }
        }
        return ensemble;
    }

    private static <T extends org.tribuo.Output<T>> int flatten(Node<T> node, ToDoubleFunction<LeafNode<T>> leafValue,
                                                                NodeArrays out) {
        int id = out.add();
        if (node instanceof LeafNode<T> leaf) {
            out.value.set(id, leafValue.applyAsDouble(leaf));
            return id;
        }
        if (!(node instanceof SplitNode<T> split)) {
            throw new IllegalArgumentException("Unsupported tree node type " + node.getClass().getName());
        }
        out.feature.set(id, split.getFeatureID());
        out.threshold.set(id, split.splitValue());
        out.defaultLeft.set(id, !(0.0 > split.splitValue()));
        int left = flatten(split.getLessThanOrEqual(), leafValue, out);
        int right = flatten(split.getGreaterThan(), leafValue, out);
        out.left.set(id, left);
        out.right.set(id, right);
        return id;
    }

    /**
     * An XGBoost classifier's trees for one class, explaining that class's raw margin
     * ({@code base_score + Σ leaf values}).
     */
    public static TreeEnsemble xgboost(XGBoostModel<Label> model, String label) {
        int classIndex = TribuoFunctions.requireLabel(model, label);
        List<Booster> boosters = model.getInnerModels();
        if (boosters.size() != 1) {
            throw new IllegalArgumentException("Expected one XGBoost booster for a classifier, found "
                    + boosters.size());
        }
        JsonNode learner;
        try {
            byte[] json = boosters.get(0).toByteArray("json");
            learner = JSON.readTree(json).path("learner");
        } catch (XGBoostError | IOException e) {
            throw new IllegalStateException("Cannot read the XGBoost model as JSON: " + e.getMessage(), e);
        }
        String boosterName = learner.path("gradient_booster").path("name").asText();
        if (!"gbtree".equals(boosterName)) {
            throw new IllegalArgumentException("TreeSHAP supports the gbtree booster only, this model uses '"
                    + boosterName + "'");
        }
        JsonNode params = learner.path("learner_model_param");
        int numClass = Math.max(1, Integer.parseInt(params.path("num_class").asText("0")));
        double baseScore = baseMargin(learner.path("objective").path("name").asText(),
                Float.parseFloat(params.path("base_score").asText()));
        JsonNode model0 = learner.path("gradient_booster").path("model");
        JsonNode trees = model0.path("trees");
        JsonNode treeInfo = model0.path("tree_info");
        // A single-group model (binary:logistic) explains class index 1's log-odds; multi-class models one group each.
        int group = numClass == 1 ? 0 : classIndex;
        if (numClass == 1 && classIndex != 1) {
            throw new IllegalArgumentException("This XGBoost model has a single output (the log-odds of class id 1);"
                    + " explain that class instead of '" + label + "'");
        }
        if (treeInfo.size() != trees.size()) {
            throw new IllegalArgumentException("XGBoost model lists " + trees.size() + " trees but tree_info has "
                    + treeInfo.size() + " entries");
        }
        List<TreeEnsemble.Tree> out = new ArrayList<>();
        for (int t = 0; t < trees.size(); t++) {
            if (treeInfo.get(t).asInt() == group) {
                out.add(xgbTree(trees.get(t), t));
            }
        }
        return new TreeEnsemble(FeatureTable.modelFeatures(model), out, baseScore,
                TreeEnsemble.SplitRule.FLOAT32_LESS_THAN, MARGIN);
    }

    private static double baseMargin(String objective, float baseScore) {
        return switch (objective) {
            case "multi:softprob", "multi:softmax", "reg:squarederror", "binary:logitraw" -> baseScore;
            case "binary:logistic", "reg:logistic" -> Math.log(baseScore / (1.0 - baseScore));
            default -> throw new IllegalArgumentException("Unsupported XGBoost objective '" + objective + "'");
        };
    }

    private static TreeEnsemble.Tree xgbTree(JsonNode tree, int index) {
        JsonNode left = tree.path("left_children");
        JsonNode right = tree.path("right_children");
        JsonNode splitIndex = tree.path("split_indices");
        JsonNode cond = tree.path("split_conditions");
        JsonNode defaultLeft = tree.path("default_left");
        JsonNode hessian = tree.path("sum_hessian");
        JsonNode splitType = tree.path("split_type");
        int n = left.size();
        if (n == 0 || right.size() != n || splitIndex.size() != n || cond.size() != n || hessian.size() != n) {
            throw new IllegalArgumentException("XGBoost tree " + index + " has inconsistent node arrays");
        }
        NodeArrays arrays = new NodeArrays();
        double[] cover = new double[n];
        for (int i = 0; i < n; i++) {
            arrays.add();
            if (splitType.size() == n && splitType.get(i).asInt() != 0) {
                throw new IllegalArgumentException("XGBoost tree " + index + " uses categorical splits, which this"
                        + " TreeSHAP does not support");
            }
            float c = Float.parseFloat(cond.get(i).asText());
            arrays.left.set(i, left.get(i).asInt());
            arrays.right.set(i, right.get(i).asInt());
            cover[i] = Float.parseFloat(hessian.get(i).asText());
            if (left.get(i).asInt() < 0) {
                arrays.value.set(i, (double) c);
            } else {
                arrays.feature.set(i, splitIndex.get(i).asInt());
                arrays.threshold.set(i, (double) c);
                JsonNode d = defaultLeft.get(i);
                arrays.defaultLeft.set(i, d.isBoolean() ? d.asBoolean() : d.asInt() != 0);
            }
        }
        return arrays.toTree(cover);
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    /** Growable node arrays, turned into an immutable {@link TreeEnsemble.Tree}. */
    private static final class NodeArrays {
        final List<Integer> feature = new ArrayList<>();
        final List<Double> threshold = new ArrayList<>();
        final List<Integer> left = new ArrayList<>();
        final List<Integer> right = new ArrayList<>();
        final List<Boolean> defaultLeft = new ArrayList<>();
        final List<Double> value = new ArrayList<>();

        int add() {
            feature.add(-1);
            threshold.add(0.0);
            left.add(-1);
            right.add(-1);
            defaultLeft.add(true);
            value.add(0.0);
            return feature.size() - 1;
        }

        int size() {
            return feature.size();
        }

        TreeEnsemble.Tree toTree(double[] cover) {
            int n = size();
            boolean[] dl = new boolean[n];
            for (int i = 0; i < n; i++) {
                dl[i] = defaultLeft.get(i);
            }
            return new TreeEnsemble.Tree(feature.stream().mapToInt(Integer::intValue).toArray(),
                    threshold.stream().mapToDouble(Double::doubleValue).toArray(),
                    left.stream().mapToInt(Integer::intValue).toArray(),
                    right.stream().mapToInt(Integer::intValue).toArray(), dl, cover,
                    value.stream().mapToDouble(Double::doubleValue).toArray());
        }
    }
}
