package dev.handoff.bundle.model;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.InvalidProtocolBufferException;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.Model;
import org.tribuo.ONNXExportable;
import org.tribuo.protos.core.MeanStdDevTransformerProto;
import org.tribuo.protos.core.SimpleTransformProto;
import org.tribuo.protos.core.TransformerProto;
import org.tribuo.transform.TransformedModel;
import org.tribuo.transform.Transformer;
import org.tribuo.transform.TransformerMap;
import org.tribuo.transform.transformations.MeanStdDevTransformation;
import org.tribuo.transform.transformations.SimpleTransform;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXInitializer;
import org.tribuo.util.onnx.ONNXPlaceholder;
import org.tribuo.util.onnx.ONNXRef;

import java.util.List;
import java.util.Map;

/**
 * ONNX export of a Tribuo {@link TransformedModel} whose feature transformations are affine and whose inner model is
 * {@link ONNXExportable}. Tribuo itself cannot export a {@code TransformedModel}; this builds
 * {@code input -> Mul(scale) -> Add(shift) -> innerModel.writeONNXGraph(...) -> output}, with the input and output
 * names and shapes of the inner model's own export (float [batch, features in feature-id order] in, float
 * [batch, outputs in output-id order] out) and the transformed model's provenance under {@code TRIBUO_PROVENANCE}.
 *
 * <p>Affine transformers: {@link MeanStdDevTransformation}'s ({@code (x - mean) / std * targetStd + targetMean}) and
 * {@link SimpleTransform} {@code add, sub, mul, div}. A feature's list of transformers is composed in double precision
 * into one {@code scale * x + shift}, checked against Tribuo's own {@link TransformerMap#applyTransformerList}, and
 * cast to float32 once. Anything else (linear scaling, which clamps outside the training range; binning; IDF; log;
 * thresholds) is refused with the reason.
 *
 * <p>The ONNX input is dense: a 0 in column {@code i} is transformed like any other value. That is what Tribuo does
 * for a feature present with value 0, and for every feature of a model trained with {@code densify = true}; for a
 * model with {@code densify = false}, Tribuo leaves a feature that is absent from an example untransformed.
 */
final class TransformedOnnx {
    private static final String MEAN_STD = MeanStdDevTransformation.class.getName() + "$MeanStdDevTransformer";
    private static final String SIMPLE = SimpleTransform.class.getName();
    private static final double[] PROBES = {0, 1, -3.5, 42.25, 1e4};

    /** Per-feature {@code scale * x + shift}, indexed by feature id. */
    record Affine(double[] scale, double[] shift) {
        boolean isIdentity() {
            for (int i = 0; i < scale.length; i++) {
                if (scale[i] != 1 || shift[i] != 0) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Thrown when the model cannot be exported; the message says why. */
    static final class NotExportable extends Exception {
        NotExportable(String message) {
            super(message);
        }
    }

    private TransformedOnnx() {
    }

    /** The composed per-feature affine map of {@code model}'s transformations. */
    static Affine affine(TransformedModel<?> model) throws NotExportable {
        ImmutableFeatureMap features = model.getFeatureIDMap();
        double[] scale = new double[features.size()];
        double[] shift = new double[features.size()];
        java.util.Arrays.fill(scale, 1);
        for (Map.Entry<String, List<Transformer>> e : model.getTransformerMap().entrySet()) {
            int id = features.getID(e.getKey());
            if (id < 0) {
                continue; // the inner model never sees this feature
            }
            double a = 1;
            double b = 0;
            for (Transformer t : e.getValue()) {
                double[] ab = affineOf(e.getKey(), t);
                a = ab[0] * a;
                b = ab[0] * b + ab[1];
            }
            if (!Double.isFinite(a) || !Double.isFinite(b) || a == 0) {
                throw new NotExportable("the transformation of feature '" + e.getKey() + "' is degenerate (scale " + a
                        + ", shift " + b + ")");
            }
            for (double x : PROBES) {
                double expected = TransformerMap.applyTransformerList(x, e.getValue());
                double actual = a * x + b;
                if (Math.abs(expected - actual) > 1e-9 * Math.max(1, Math.abs(expected))) {
                    throw new NotExportable("the transformation of feature '" + e.getKey() + "' is not affine: "
                            + "Tribuo maps " + x + " to " + expected + ", the composed map gives " + actual);
                }
            }
            scale[id] = a;
            shift[id] = b;
        }
        return new Affine(scale, shift);
    }

    /** {@code {scale, shift}} of one transformer, or the reason it has none. */
    private static double[] affineOf(String feature, Transformer t) throws NotExportable {
        TransformerProto proto = t.serialize();
        try {
            if (proto.getClassName().equals(MEAN_STD)) {
                MeanStdDevTransformerProto p = proto.getSerializedData().unpack(MeanStdDevTransformerProto.class);
                double a = p.getTargetStdDev() / p.getObservedStdDev();
                return new double[]{a, p.getTargetMean() - p.getObservedMean() * a};
            }
            if (proto.getClassName().equals(SIMPLE)) {
                SimpleTransformProto p = proto.getSerializedData().unpack(SimpleTransformProto.class);
                double v = p.getFirstOperand();
                switch (p.getOp()) {
                    case "add":
                        return new double[]{1, v};
                    case "sub":
                        return new double[]{1, -v};
                    case "mul":
                        return new double[]{v, 0};
                    case "div":
                        return new double[]{1 / v, 0};
                    default:
                        throw new NotExportable("feature '" + feature + "' uses the non-affine transformation "
                                + p.getOp());
                }
            }
        } catch (InvalidProtocolBufferException e) {
            throw new NotExportable("cannot read the transformer of feature '" + feature + "': " + e.getMessage());
        }
        throw new NotExportable("feature '" + feature + "' uses " + t.getClass().getName()
                + ", which is not an affine transformation this exporter supports");
    }

    /** The reason {@code model} cannot be exported, or null when {@link #export} will succeed. */
    static String whyNot(Model<?> model) {
        if (!(model instanceof TransformedModel<?> transformed)) {
            return model.getClass().getName() + " is not a TransformedModel";
        }
        if (!(transformed.getInnerModel() instanceof ONNXExportable)) {
            return "the inner model " + transformed.getInnerModel().getClass().getName()
                    + " of the TransformedModel does not implement org.tribuo.ONNXExportable";
        }
        try {
            affine(transformed);
            return null;
        } catch (NotExportable e) {
            return e.getMessage();
        }
    }

    /** The ONNX model of {@code model}. */
    static OnnxMl.ModelProto export(TransformedModel<?> model, String domain, long modelVersion) throws NotExportable {
        if (!(model.getInnerModel() instanceof ONNXExportable inner)) {
            throw new NotExportable(whyNot(model));
        }
        Affine affine = affine(model);
        // the inner model's own export tells the input / output names and graph name Tribuo uses for it
        OnnxMl.GraphProto innerGraph = inner.exportONNXModel(domain, modelVersion).getGraph();
        ONNXContext onnx = new ONNXContext();
        onnx.setName("Transformed-" + innerGraph.getName());
        ONNXPlaceholder input = onnx.floatInput(innerGraph.getInput(0).getName(), model.getFeatureIDMap().size());
        ONNXPlaceholder output = onnx.floatOutput(innerGraph.getOutput(0).getName(), model.getOutputIDInfo().size());
        ONNXRef<?> scaled = input;
        if (!affine.isIdentity()) {
            ONNXInitializer scale = onnx.array("transform_scale", toFloat(affine.scale()));
            ONNXInitializer shift = onnx.array("transform_shift", toFloat(affine.shift()));
            scaled = input.apply(org.tribuo.util.onnx.ONNXOperators.MUL, scale)
                    .apply(org.tribuo.util.onnx.ONNXOperators.ADD, shift);
        }
        inner.writeONNXGraph(scaled).assignTo(output);
        return ONNXExportable.buildModel(onnx, domain, modelVersion, model);
    }

    private static float[] toFloat(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }
}
