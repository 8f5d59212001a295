"""Logs one metric with more points than MLflow's metrics/get-history page cap (25,000) to a tracking server with
MLflow's own client (log_batch, 1000 metrics per call), then dumps the history the client reads back as JSON.

usage: python log_long_history.py TRACKING_URI OUT_JSON POINTS
"""
import json
import math
import sys

from mlflow.entities import Metric
from mlflow.tracking import MlflowClient

from peer_common import num

KEY = "train/loss"


def value(step):
    if step == 12_345:
        return float("nan")
    if step == 25_000:
        return float("inf")
    return math.exp(-step / 9_000.0) + 1e-3 * math.sin(step * 0.37)


def main(uri, out_path, points):
    client = MlflowClient(uri)
    exp_id = client.create_experiment("long-history")
    run = client.create_run(exp_id, run_name="long", start_time=1_700_000_000_000)
    run_id = run.info.run_id
    base = 1_700_000_000_000
    batch = []
    for step in range(points):
        # timestamps grow with the step, two consecutive steps sharing one millisecond
        batch.append(Metric(KEY, value(step), base + step // 2 * 3, step))
        if len(batch) == 1000:
            client.log_batch(run_id, metrics=batch)
            batch = []
    if batch:
        client.log_batch(run_id, metrics=batch)
    client.set_terminated(run_id)
    history = client.get_metric_history(run_id, KEY)
    history.sort(key=lambda m: (m.step, m.timestamp))
    dump = {"run_id": run_id, "key": KEY,
            "points": [[m.step, m.timestamp, num(m.value)] for m in history]}
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump(dump, f)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
