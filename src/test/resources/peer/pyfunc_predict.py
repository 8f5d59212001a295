"""Loads an exported MLflow model with MLflow's pyfunc and predicts rows, as a Python engineer would.

usage: python pyfunc_predict.py MODEL_DIR INPUT_JSON OUT_JSON
INPUT_JSON: {"columns": [name, ...], "data": [[v, ...], ...]} (a DataFrame, columns in any order; optional "drop": a
column to leave out) or {"rows": [[f0, f1, ...], ...]} (a float32 array).
OUT_JSON: {"predictions": [[...], ...] (one column per model output, in the signature's order), "columns": [...],
"flavors": [...], "error": null or the error's message, "warnings": [what MLflow logged at WARNING or above]}
"""
import json
import logging
import sys

import mlflow.pyfunc
import numpy as np
import pandas as pd


class Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def main(model_dir, input_path, out_path):
    with open(input_path, encoding="utf-8") as f:
        spec = json.load(f)
    collect = Collect()
    logging.getLogger("mlflow").addHandler(collect)
    model = mlflow.pyfunc.load_model(model_dir)
    outputs = [c["name"] for c in model.metadata.get_output_schema().to_dict()]
    if "columns" in spec:
        data = pd.DataFrame(spec["data"], columns=spec["columns"])
        if spec.get("drop"):
            data = data.drop(columns=[spec["drop"]])
    else:
        data = np.asarray(spec["rows"], dtype=np.float32)
    result = {"flavors": sorted(model.metadata.flavors.keys()), "columns": outputs, "error": None}
    try:
        out = model.predict(data)
        if isinstance(out, dict):  # ndarray input: {output_name: [n, 1] array}
            out = np.hstack([np.asarray(out[name]).reshape(-1, 1) for name in outputs])
        else:  # DataFrame input: a DataFrame with one column per output
            out = out[outputs].to_numpy()
        result["predictions"] = np.asarray(out, dtype=np.float64).tolist()
    except Exception as e:  # noqa: BLE001 - the test asserts on the message
        result["error"] = f"{type(e).__name__}: {e}"
    result["warnings"] = collect.messages
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump(result, f)


if __name__ == "__main__":
    main(*sys.argv[1:4])
