"""Logs a realistic experiment to an MLflow tracking server with MLflow's own client, then dumps what the server
holds (through the same client) as JSON, so the Java REST source can be compared field by field.

usage: python log_remote_experiment.py TRACKING_URI OUT_JSON
"""
import json
import math
import os
import sys
import tempfile

import mlflow
from mlflow.entities import ViewType
from mlflow.tracking import MlflowClient


def main(uri, out_path):
    mlflow.set_tracking_uri(uri)
    client = MlflowClient(uri)
    exp_id = client.create_experiment("remote-sweep", tags={"team": "risk", "purpose": "rest it"})
    other = client.create_experiment("remote-other")

    with mlflow.start_run(experiment_id=exp_id, run_name="sweep-parent") as parent:
        mlflow.log_params({"sweep": "lr", "model": "logreg"})
        mlflow.set_tags({"stage": "dev", "owner": "ana"})
        for i, lr in enumerate([0.01, 0.1, 0.5]):
            with mlflow.start_run(experiment_id=exp_id, run_name=f"lr-{lr}", nested=True):
                mlflow.log_params({"lr": lr, "epochs": 300, "optimizer": "adagrad"})
                mlflow.set_tag("child_index", str(i))
                base = 1_700_000_000_000 + i * 10_000_000
                for step in range(300):
                    loss = 1.0 / (1.0 + lr * step) + 0.01 * math.sin(step)
                    mlflow.log_metric("train/loss", loss, step=step, timestamp=base + step * 1000)
                    if step % 10 == 0:
                        mlflow.log_metric("val_acc", 0.5 + 0.4 * (1 - math.exp(-lr * step / 10)), step=step,
                                          timestamp=base + step * 1000 + 1)
                mlflow.log_metric("weird", float("nan"), step=0, timestamp=base)
                mlflow.log_metric("weird", float("inf"), step=1, timestamp=base + 1)
                mlflow.log_metric("weird", -float("inf"), step=2, timestamp=base + 2)
                with tempfile.TemporaryDirectory() as d:
                    p = os.path.join(d, "notes.txt")
                    with open(p, "w") as f:
                        f.write(f"child run {i} lr={lr}\n")
                    mlflow.log_artifact(p)
                    os.makedirs(os.path.join(d, "model"))
                    with open(os.path.join(d, "model", "weights.bin"), "wb") as f:
                        f.write(bytes(range(256)) * 4)
                    mlflow.log_artifacts(os.path.join(d, "model"), artifact_path="model")

    with mlflow.start_run(experiment_id=other, run_name="to-delete") as doomed:
        mlflow.log_param("x", "1")
        mlflow.log_metric("m", 1.0)
    client.delete_run(doomed.info.run_id)

    with mlflow.start_run(experiment_id=other, run_name="kept") as kept:
        mlflow.log_param("x", "2")
        mlflow.log_metric("m", 2.5, step=5)
        mlflow.set_tag("note", "unicode ✓ ünïcödé")
    client.set_terminated(kept.info.run_id, status="FAILED")

    dump = {"experiments": [], "runs": []}
    for e in client.search_experiments(view_type=ViewType.ALL):
        dump["experiments"].append({"id": e.experiment_id, "name": e.name, "lifecycle_stage": e.lifecycle_stage,
                                    "artifact_location": e.artifact_location, "tags": dict(e.tags)})
    ids = [e["id"] for e in dump["experiments"]]
    for r in client.search_runs(ids, run_view_type=ViewType.ALL, max_results=50000):
        histories = {}
        for key in r.data.metrics:
            histories[key] = [[m.step, m.timestamp, _num(m.value)]
                              for m in client.get_metric_history(r.info.run_id, key)]
        artifacts = []

        def walk(path):
            for f in client.list_artifacts(r.info.run_id, path):
                artifacts.append({"path": f.path, "is_dir": f.is_dir, "file_size": f.file_size})
                if f.is_dir:
                    walk(f.path)

        walk(None)
        dump["runs"].append({
            "run_id": r.info.run_id, "run_name": r.info.run_name, "experiment_id": r.info.experiment_id,
            "user_id": r.info.user_id, "status": r.info.status, "start_time": r.info.start_time,
            "end_time": r.info.end_time, "artifact_uri": r.info.artifact_uri,
            "lifecycle_stage": r.info.lifecycle_stage, "params": dict(r.data.params), "tags": dict(r.data.tags),
            "latest": {k: _num(v) for k, v in r.data.metrics.items()}, "histories": histories,
            "artifacts": artifacts,
        })
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump(dump, f, ensure_ascii=False, indent=1)


def _num(v):
    if isinstance(v, float) and (math.isnan(v) or math.isinf(v)):
        return repr(v)  # 'nan', 'inf', '-inf'
    return v


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
