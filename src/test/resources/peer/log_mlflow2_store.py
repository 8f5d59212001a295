"""Writes a tracking store and Model Registry with an MLflow 2.x client (its own venv), then dumps what that same
client reads back as JSON. MLflow 2.x has no logged models; its file store is what older teams still hand over.

Usage: python log_mlflow2_store.py <tracking-uri> <artifact-root-folder> <model-file> <out.json>

The tracking URI is a file store folder or sqlite:///path (the registry lives in the same store).

Logs: experiment "legacy" (tags) with a run "train" (params, tags, a metric history of 5 steps, a nested metric key
"val/loss", the model file as artifact model/model.tribuo, a pandas dataset input with context "training" when this
version has mlflow.log_input) and a FAILED run "retry"; experiment "other" with one run; registered model
"credit-risk" (description, tags) with versions 1 and 2 from runs:/<run>/model (version tags and descriptions),
aliases champion -> 1 and challenger -> 2, version 1 moved to stage "Staging"; registered model "churn" with one
version and no alias; a third version of "churn", deleted. Output: {"mlflow_version", "logged", "experiments",
"runs" (with "history" per metric key as [step, timestamp, value]), "dataset_inputs", "registered_models",
"versions", "by_alias"}, every value as MlflowClient reports it.
"""
import os
import sys
import warnings

warnings.filterwarnings("ignore")

import mlflow  # noqa: E402
from mlflow.entities import ViewType  # noqa: E402
from mlflow.tracking import MlflowClient  # noqa: E402

from peer_common import experiment_json, num, run_json, write_json  # noqa: E402


def main(uri, artifact_root, model_file, out_path):
    if not mlflow.__version__.startswith("2."):
        sys.exit("expected an MLflow 2.x client, found " + mlflow.__version__)
    mlflow.set_tracking_uri(uri)
    mlflow.set_registry_uri(uri)
    client = MlflowClient(tracking_uri=uri, registry_uri=uri)
    root = os.path.abspath(artifact_root)
    legacy = client.create_experiment("legacy", artifact_location=os.path.join(root, "legacy"),
                                      tags={"team": "risk", "era": "mlflow2"})
    other = client.create_experiment("other", artifact_location=os.path.join(root, "other"))

    has_inputs = hasattr(mlflow, "log_input")
    with mlflow.start_run(experiment_id=legacy, run_name="train") as run:
        run_id = run.info.run_id
        mlflow.log_params({"trainer": "logistic", "epochs": "5", "l2": "0.01"})
        mlflow.set_tags({"owner": "ana", "stage": "candidate"})
        for step in range(5):
            client.log_metric(run_id, "accuracy", 0.5 + step / 10.0, timestamp=1_600_000_000_000 + step, step=step)
            client.log_metric(run_id, "val/loss", 1.0 / (step + 1), timestamp=1_600_000_000_100 + step, step=step)
        if has_inputs:
            import pandas as pd
            train = pd.DataFrame({"income": [10.0, 20.5, 31.0], "age": [25, 37, 48], "default": [0, 1, 0]})
            ds = mlflow.data.from_pandas(train, source="data/credit-train.csv", name="credit-train",
                                         targets="default")
            mlflow.log_input(ds, context="training")
        client.log_artifact(run_id, model_file, "model")
    retry = client.create_run(legacy, run_name="retry", tags={"note": "oom"})
    client.log_param(retry.info.run_id, "trainer", "forest")
    client.log_metric(retry.info.run_id, "accuracy", float("nan"), timestamp=1_600_000_001_000, step=0)
    client.set_terminated(retry.info.run_id, "FAILED")
    with mlflow.start_run(experiment_id=other, run_name="baseline") as run2:
        mlflow.log_metric("accuracy", 0.61)

    client.create_registered_model("credit-risk", tags={"team": "risk", "domain": "lending"},
                                   description="Credit default risk")
    client.create_model_version("credit-risk", "runs:/%s/model" % run_id, run_id=run_id,
                                tags={"validated": "no"}, description="first candidate")
    client.create_model_version("credit-risk", "runs:/%s/model" % run_id, run_id=run_id,
                                tags={"validated": "yes"}, description="second candidate")
    client.set_registered_model_alias("credit-risk", "champion", "1")
    client.set_registered_model_alias("credit-risk", "challenger", "2")
    client.transition_model_version_stage("credit-risk", "1", "Staging")
    client.set_model_version_tag("credit-risk", "1", "reviewed", "true")
    client.create_registered_model("churn")
    client.create_model_version("churn", "runs:/%s/model" % run2.info.run_id, run_id=run2.info.run_id)
    client.create_model_version("churn", "runs:/%s/model" % run2.info.run_id, run_id=run2.info.run_id)
    client.delete_model_version("churn", "2")

    experiments = [experiment_json(e) for e in client.search_experiments(view_type=ViewType.ALL)]
    runs = []
    for exp in experiments:
        for r in client.search_runs([exp["experiment_id"]], run_view_type=ViewType.ALL):
            j = run_json(r)
            j["history"] = {key: [[m.step, m.timestamp, num(m.value)] for m in client.get_metric_history(r.info.run_id, key)]
                            for key in r.data.metrics}
            runs.append(j)
    models = []
    versions = []
    for rm in sorted(client.search_registered_models(), key=lambda m: m.name):
        models.append({
            "name": rm.name, "description": rm.description, "tags": dict(rm.tags), "aliases": dict(rm.aliases),
            "creation_timestamp": rm.creation_timestamp, "last_updated_timestamp": rm.last_updated_timestamp,
        })
        for mv in sorted(client.search_model_versions("name='%s'" % rm.name), key=lambda v: int(v.version)):
            versions.append(version_json(client.get_model_version(rm.name, mv.version)))
    by_alias = {alias: version_json(client.get_model_version_by_alias("credit-risk", alias))
                for alias in ("champion", "challenger")}
    inputs = []
    for di in client.get_run(run_id).inputs.dataset_inputs:
        d = di.dataset
        inputs.append({"name": d.name, "digest": d.digest, "source_type": d.source_type, "source": d.source,
                       "schema": d.schema, "profile": d.profile, "tags": {t.key: t.value for t in di.tags}})
    write_json(out_path, {
        "mlflow_version": mlflow.__version__,
        "logged": {"run_id": run_id, "retry": retry.info.run_id, "other_run": run2.info.run_id},
        "experiments": sorted(experiments, key=lambda e: e["experiment_id"]),
        "runs": sorted(runs, key=lambda r: (r["experiment_id"], r["run_id"])),
        "registered_models": models, "versions": versions, "by_alias": by_alias, "dataset_inputs": inputs,
    })


def version_json(mv):
    # model_id does not exist in 2.x: the key stays, null, so the dump has the shape of the 3.x one
    return {"name": mv.name, "version": str(mv.version), "source": mv.source, "run_id": mv.run_id,
            "status": mv.status, "current_stage": mv.current_stage, "description": mv.description,
            "tags": dict(mv.tags), "aliases": sorted(mv.aliases), "model_id": getattr(mv, "model_id", None),
            "creation_timestamp": mv.creation_timestamp, "last_updated_timestamp": mv.last_updated_timestamp}


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit("usage: log_mlflow2_store.py <tracking-uri> <artifact-root-folder> <model-file> <out.json>")
    main(*sys.argv[1:])
