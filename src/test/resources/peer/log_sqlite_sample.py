"""Logs a small but varied tracking history with MLflow's client and dumps what MLflow reads back as JSON.

Usage: python log_sqlite_sample.py <tracking-uri> <artifact-root-folder> <out.json>

Logs two experiments (the first with a tag), a parent run with two nested child runs, params, tags, metric
"train/loss" over 300 steps, a metric with NaN / +inf / -inf, a text artifact in a sub-folder, a deleted run and a
FAILED run. Output: {"logged": what was logged on purpose, "experiments", "runs" (every run, read back through
MlflowClient, with "history": full metric histories as [step, timestamp, value] and "artifacts": the recursive
listing as [path, is_dir, file_size])}.
"""
import math
import os
import sys
import time

from mlflow.entities import Metric, Param, RunTag, ViewType
from mlflow.tracking import MlflowClient

from peer_common import experiment_json, num, run_json, write_json

SPECIAL = [1.5, float("nan"), float("inf"), float("-inf"), 2.5, float("nan")]


def log_loss(client, run_id, seed):
    now = int(time.time() * 1000)
    points = [Metric("train/loss", 1.0 / (1 + step) + seed * 0.01, now + step, step) for step in range(300)]
    for i in range(0, len(points), 500):
        client.log_batch(run_id, metrics=points[i:i + 500])


def main(uri, artifact_root, out_path):
    client = MlflowClient(tracking_uri=uri)
    exp_a = client.create_experiment("handoff-a", artifact_location=os.path.join(artifact_root, "a"),
                                     tags={"team": "vision", "purpose": "peer test"})
    exp_b = client.create_experiment("handoff-b", artifact_location=os.path.join(artifact_root, "b"))

    parent = client.create_run(exp_a, run_name="parent", tags={"stage": "tuning"})
    pid = parent.info.run_id
    client.log_batch(pid, params=[Param("optimizer", "adam"), Param("epochs", "300")])
    children = []
    for i in range(2):
        child = client.create_run(exp_a, run_name="child-%d" % i,
                                  tags={"mlflow.parentRunId": pid, "fold": str(i)})
        cid = child.info.run_id
        client.log_batch(cid, params=[Param("lr", str(0.1 / (i + 1))), Param("fold", str(i))],
                         tags=[RunTag("mlflow.note.content", "child ü %d" % i)])
        log_loss(client, cid, i)
        client.set_terminated(cid, "FINISHED")
        children.append(cid)
    for step, value in enumerate(SPECIAL):
        client.log_metric(pid, "special", value, timestamp=1_700_000_000_000 + step, step=step)
    client.log_metric(pid, "accuracy", 0.91, step=0)
    client.log_text(pid, "hello from the peer\n", "notes/readme.txt")
    client.log_dict(pid, {"a": 1}, "config.json")
    client.set_terminated(pid, "FINISHED")

    failed = client.create_run(exp_b, run_name="failed-run")
    client.log_param(failed.info.run_id, "model", "cart")
    client.log_metric(failed.info.run_id, "rmse", 3.25)
    client.set_terminated(failed.info.run_id, "FAILED")

    deleted = client.create_run(exp_b, run_name="deleted-run")
    client.log_metric(deleted.info.run_id, "rmse", 9.0)
    client.set_terminated(deleted.info.run_id, "KILLED")
    client.delete_run(deleted.info.run_id)

    experiments = [client.get_experiment(e) for e in (exp_a, exp_b)]
    runs = []
    for run in client.search_runs([exp_a, exp_b], run_view_type=ViewType.ALL, max_results=1000):
        data = run_json(run)
        data["history"] = {
            key: [[m.step, m.timestamp, num(m.value)] for m in client.get_metric_history(run.info.run_id, key)]
            for key in run.data.metrics
        }
        data["artifacts"] = list_artifacts(client, run.info.run_id, None)
        runs.append(data)
    write_json(out_path, {
        "logged": {
            "parent": pid, "children": children, "failed": failed.info.run_id, "deleted": deleted.info.run_id,
            "special": [num(v) for v in SPECIAL],
        },
        "experiments": [experiment_json(e) for e in experiments],
        "runs": runs,
    })


def list_artifacts(client, run_id, path):
    out = []
    for f in client.list_artifacts(run_id, path):
        out.append([f.path, f.is_dir, f.file_size if f.file_size is not None else -1])
        if f.is_dir:
            out.extend(list_artifacts(client, run_id, f.path))
    return out


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit("usage: log_sqlite_sample.py <tracking-uri> <artifact-root-folder> <out.json>")
    main(*sys.argv[1:])
