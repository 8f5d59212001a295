"""Logs COUNT small runs (distinct start times, params i and lr, one metric) into one experiment with MLflow's own
client, then dumps the run ids in the server's default search order (start_time DESC) as JSON.

usage: python log_many_runs.py TRACKING_URI OUT_JSON COUNT
"""
import json
import sys

from mlflow.entities import Metric, Param
from mlflow.tracking import MlflowClient


def main(uri, out_path, count):
    client = MlflowClient(uri)
    exp_id = client.create_experiment("many-runs")
    base = 1_700_000_000_000
    for i in range(count):
        run = client.create_run(exp_id, run_name=f"run-{i:02d}", start_time=base + i * 60_000)
        client.log_batch(run.info.run_id,
                         metrics=[Metric("loss", 1.0 / (i + 1), base + i * 60_000 + 1, 0)],
                         params=[Param("i", str(i)), Param("lr", str(0.01 * (i % 3 + 1)))])
        client.set_terminated(run.info.run_id, end_time=base + i * 60_000 + 30_000)
    runs = client.search_runs([exp_id], max_results=50000)
    dump = {"experiment_id": exp_id,
            "runs": [{"run_id": r.info.run_id, "run_name": r.info.run_name, "params": dict(r.data.params)}
                     for r in runs]}
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump(dump, f)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
