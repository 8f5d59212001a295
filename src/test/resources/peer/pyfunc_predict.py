"""Loads an exported MLflow model with MLflow's pyfunc and predicts rows, as a Python engineer would.

usage: python pyfunc_predict.py MODEL_DIR INPUT_JSON OUT_JSON
INPUT_JSON: {"rows": [[f0, f1, ...], ...]}; OUT_JSON: {"predictions": [[...], ...], "flavors": [...]}
"""
import json
import sys

import mlflow.pyfunc
import numpy as np


def main(model_dir, input_path, out_path):
    with open(input_path, encoding="utf-8") as f:
        rows = json.load(f)["rows"]
    model = mlflow.pyfunc.load_model(model_dir)
    out = model.predict(np.asarray(rows, dtype=np.float32))
    if isinstance(out, dict):  # the onnx flavor returns {output_name: array} for multi-output graphs
        out = next(iter(out.values()))
    if hasattr(out, "to_numpy"):
        out = out.to_numpy()
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump({"predictions": np.asarray(out, dtype=np.float64).tolist(),
                   "flavors": sorted(model.metadata.flavors.keys())}, f)


if __name__ == "__main__":
    main(*sys.argv[1:4])
