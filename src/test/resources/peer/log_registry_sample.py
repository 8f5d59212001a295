"""Writes Model Registry data, an MLflow 3 logged model and a dataset input with MLflow's own client, then dumps what
MLflow reads back as JSON.

Usage: python log_registry_sample.py <tracking-uri> <artifact-root-folder|-> <model-file> <out.json>

The tracking URI is a file store folder, sqlite:///path or http://host:port (the registry lives in the same store).
With "-" as artifact root the store's default artifact location is used (a server proxies artifacts).

Logs: experiment "govern" with a run "train" (params, a metric, the model file as artifact model/model.tribuo, two
pandas dataset inputs with contexts "training" and "eval"); a logged model "credit-model" of that run with params,
tags, a metric on the eval dataset and the model file as its artifact, finalized READY and recorded as the run's
output; registered model "credit-risk" (description, tags) with version 1 from runs:/<run>/model and version 2 from
models:/<model_id>, version tags, aliases champion -> 1 and challenger -> 2; registered model "churn" with one version
and no alias. Output: {"logged": ids, "registered_models", "versions", "logged_models", "dataset_inputs",
"by_alias"}, every value as MlflowClient reports it.
"""
import os
import sys

os.environ.setdefault("MLFLOW_ALLOW_FILE_STORE", "true")

import mlflow  # noqa: E402
import pandas as pd  # noqa: E402
from mlflow.entities import LoggedModelOutput  # noqa: E402
from mlflow.tracking import MlflowClient  # noqa: E402

from peer_common import num, write_json  # noqa: E402


def main(uri, artifact_root, model_file, out_path):
    mlflow.set_tracking_uri(uri)
    mlflow.set_registry_uri(uri)
    client = MlflowClient(tracking_uri=uri, registry_uri=uri)
    location = None if artifact_root == "-" else os.path.join(os.path.abspath(artifact_root), "govern")
    exp_id = client.create_experiment("govern", artifact_location=location)

    train = pd.DataFrame({"income": [10.0, 20.5, 31.0, 44.0], "age": [25, 37, 48, 51], "default": [0, 1, 0, 1]})
    evaluation = pd.DataFrame({"income": [12.0, 29.0], "age": [33, 60], "default": [1, 0]})
    train_ds = mlflow.data.from_pandas(train, source="data/credit-train.csv", name="credit-train", targets="default")
    eval_ds = mlflow.data.from_pandas(evaluation, source="data/credit-eval.csv", name="credit-eval", targets="default")

    with mlflow.start_run(experiment_id=exp_id, run_name="train") as run:
        run_id = run.info.run_id
        mlflow.log_params({"trainer": "logistic", "epochs": "5"})
        mlflow.log_metric("accuracy", 0.875)
        mlflow.log_input(train_ds, context="training")
        mlflow.log_input(eval_ds, context="eval")
        client.log_artifact(run_id, model_file, "model")

    model = client.create_logged_model(exp_id, name="credit-model", source_run_id=run_id,
                                       params={"trainer": "logistic", "l2": "0.01"},
                                       tags={"flavor": "tribuo", "owner": "risk-team"}, model_type="classifier")
    model_id = model.model_id
    client.log_model_artifact(model_id, model_file)
    client.log_metric(run_id, "auc", 0.91, step=3, timestamp=1_700_000_000_123, model_id=model_id,
                      dataset_name=eval_ds.name, dataset_digest=eval_ds.digest)
    client.finalize_logged_model(model_id, "READY")
    client.log_outputs(run_id, [LoggedModelOutput(model_id, step=3)])

    client.create_registered_model("credit-risk", tags={"team": "risk", "domain": "lending"},
                                   description="Credit default risk")
    client.create_model_version("credit-risk", "runs:/%s/model" % run_id, run_id=run_id,
                                tags={"validated": "no"}, description="first candidate")
    client.create_model_version("credit-risk", "models:/%s" % model_id, run_id=run_id, model_id=model_id,
                                tags={"validated": "yes", "source": "logged-model"}, description="from the logged model")
    client.set_registered_model_alias("credit-risk", "champion", "1")
    client.set_registered_model_alias("credit-risk", "challenger", "2")
    client.create_registered_model("churn")
    client.create_model_version("churn", "runs:/%s/model" % run_id, run_id=run_id)

    models = []
    versions = []
    for rm in sorted(client.search_registered_models(), key=lambda m: m.name):
        models.append({
            "name": rm.name, "description": rm.description, "tags": dict(rm.tags), "aliases": dict(rm.aliases),
            "creation_timestamp": rm.creation_timestamp, "last_updated_timestamp": rm.last_updated_timestamp,
        })
        # get_model_version, not the search result: over REST model-versions/search leaves aliases out
        for mv in sorted(client.search_model_versions("name='%s'" % rm.name), key=lambda v: int(v.version)):
            versions.append(version_json(client.get_model_version(rm.name, mv.version)))
    by_alias = {alias: version_json(client.get_model_version_by_alias("credit-risk", alias))
                for alias in ("champion", "challenger")}
    logged_models = []
    for lm in client.search_logged_models([exp_id]):
        logged_models.append({
            "model_id": lm.model_id, "name": lm.name, "experiment_id": lm.experiment_id,
            "source_run_id": lm.source_run_id, "status": str(lm.status), "model_type": lm.model_type,
            "artifact_location": lm.artifact_location, "params": dict(lm.params or {}), "tags": dict(lm.tags or {}),
            "creation_timestamp": lm.creation_timestamp, "last_updated_timestamp": lm.last_updated_timestamp,
            "metrics": [{"key": m.key, "value": num(m.value), "step": m.step, "timestamp": m.timestamp,
                         "run_id": m.run_id, "dataset_name": m.dataset_name, "dataset_digest": m.dataset_digest}
                        for m in (lm.metrics or [])],
        })
    inputs = []
    for di in client.get_run(run_id).inputs.dataset_inputs:
        d = di.dataset
        inputs.append({"name": d.name, "digest": d.digest, "source_type": d.source_type, "source": d.source,
                       "schema": d.schema, "profile": d.profile, "tags": {t.key: t.value for t in di.tags}})
    write_json(out_path, {
        "logged": {"run_id": run_id, "model_id": model_id, "experiment_id": exp_id},
        "registered_models": models, "versions": versions, "by_alias": by_alias,
        "logged_models": logged_models, "dataset_inputs": inputs,
    })


def version_json(mv):
    return {"name": mv.name, "version": str(mv.version), "source": mv.source, "run_id": mv.run_id,
            "status": mv.status, "current_stage": mv.current_stage, "description": mv.description,
            "tags": dict(mv.tags), "aliases": sorted(mv.aliases), "model_id": mv.model_id,
            "creation_timestamp": mv.creation_timestamp, "last_updated_timestamp": mv.last_updated_timestamp}


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit("usage: log_registry_sample.py <tracking-uri> <artifact-root-folder|-> <model-file> <out.json>")
    main(*sys.argv[1:])
