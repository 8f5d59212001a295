"""Helpers shared by the peer scripts: JSON that Java reads back without loss.

Non-finite floats are written as the strings "NaN", "Infinity" and "-Infinity" (what Java's
Double.parseDouble accepts); finite floats stay JSON numbers.
"""
import json
import math
import os


def num(value):
    """A float as JSON: a number, or "NaN" / "Infinity" / "-Infinity"."""
    value = float(value)
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    return value


def run_json(run):
    """A run's info, params, tags and latest metric values."""
    info = run.info
    return {
        "run_id": info.run_id,
        "run_name": info.run_name,
        "experiment_id": info.experiment_id,
        "user_id": info.user_id,
        "status": info.status,
        "start_time": info.start_time,
        "end_time": info.end_time,
        "artifact_uri": info.artifact_uri,
        "lifecycle_stage": info.lifecycle_stage,
        "params": dict(run.data.params),
        "tags": dict(run.data.tags),
        "metrics": {k: num(v) for k, v in run.data.metrics.items()},
    }


def experiment_json(exp):
    return {
        "experiment_id": exp.experiment_id,
        "name": exp.name,
        "artifact_location": exp.artifact_location,
        "lifecycle_stage": exp.lifecycle_stage,
        "creation_time": exp.creation_time,
        "last_update_time": exp.last_update_time,
        "tags": dict(exp.tags),
    }


def write_json(path, data):
    """Writes atomically: a temp file in the same folder, then a rename."""
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(data, f, indent=1, sort_keys=True, allow_nan=False)
    os.replace(tmp, path)
