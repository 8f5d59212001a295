"""Prints every run of every experiment (active and deleted) of a tracking store as JSON.

Usage: python search_runs_store.py <tracking-uri> <out.json>

<tracking-uri> may be sqlite:///path/mlflow.db, a file store (a path or file:// URI of mlruns/) or an http(s)
server. File stores are allowed explicitly (MLflow >= 3.13 refuses them unless MLFLOW_ALLOW_FILE_STORE=true).
Output: {"mlflow_version", "experiments": [...], "runs": [...]}, runs sorted by experiment id, then run id; each run
has run_id, run_name, experiment_id, user_id, status, start/end time, artifact_uri, lifecycle_stage, params, tags and
latest metric values (non-finite values as "NaN" / "Infinity" / "-Infinity").
"""
import os
import sys

os.environ.setdefault("MLFLOW_ALLOW_FILE_STORE", "true")

import mlflow  # noqa: E402  (the environment must be set before the import)
from mlflow.entities import ViewType  # noqa: E402
from mlflow.tracking import MlflowClient  # noqa: E402

from peer_common import experiment_json, run_json, write_json  # noqa: E402


def all_pages(fetch):
    token = None
    while True:
        page = fetch(token)
        yield from page
        token = page.token
        if not token:
            return


def main(tracking_uri, out_path):
    client = MlflowClient(tracking_uri=tracking_uri)
    experiments = list(all_pages(lambda t: client.search_experiments(
        view_type=ViewType.ALL, max_results=1000, page_token=t)))
    runs = []
    for exp in experiments:
        runs.extend(all_pages(lambda t, e=exp: client.search_runs(
            [e.experiment_id], run_view_type=ViewType.ALL, max_results=1000, page_token=t)))
    write_json(out_path, {
        "mlflow_version": mlflow.__version__,
        "experiments": sorted((experiment_json(e) for e in experiments), key=lambda e: e["experiment_id"]),
        "runs": sorted((run_json(r) for r in runs), key=lambda r: (r["experiment_id"], r["run_id"])),
    })


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: search_runs_store.py <tracking-uri> <out.json>")
    main(sys.argv[1], sys.argv[2])
