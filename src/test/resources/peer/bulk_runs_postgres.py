"""Adds COUNT finished runs to a new experiment of a PostgreSQL-backed tracking server, then dumps their ids in the
server's default search order as MLflow's client pages through them.

usage: bulk_runs_postgres.py BACKEND_URI TRACKING_URI OUT_JSON COUNT
       (MLFLOW_TRACKING_USERNAME / _PASSWORD in the environment for a basic-auth server)

The experiment is created through the server; the runs go into its database by bulk INSERT (columns read from the
schema MLflow's migrations created), each with 2 params, its run name tag and one latest metric, since creating
10,000 runs one REST call at a time would take minutes. Output: {"experiment_id", "run_ids": [...]}.
"""
import json
import random
import sys
import uuid

import psycopg2
from psycopg2.extras import execute_values
from mlflow.tracking import MlflowClient

backend, tracking, out, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
client = MlflowClient(tracking_uri=tracking)
exp_id = client.create_experiment("ten-thousand-runs")
con = psycopg2.connect(backend)
cur = con.cursor()
cur.execute("SELECT column_name FROM information_schema.columns WHERE table_name = 'runs'")
columns = [r[0] for r in cur.fetchall()]
rnd = random.Random(3)
base = 1_700_000_000_000
runs, params, tags, latest = [], [], [], []
for i in range(count):
    run_id = uuid.UUID(int=rnd.getrandbits(128)).hex
    start = base + i * 1000
    values = {"run_uuid": run_id, "name": "bulk-%05d" % i, "source_type": "LOCAL", "source_name": "",
              "entry_point_name": "", "user_id": "bulk", "status": "FINISHED", "start_time": start,
              "end_time": start + 500, "deleted_time": None, "source_version": "", "lifecycle_stage": "active",
              "artifact_uri": "s3://handoff-peer/artifacts/%s/%s/artifacts" % (exp_id, run_id),
              "experiment_id": int(exp_id)}
    runs.append(tuple(values.get(c) for c in columns))
    params.append(("i", str(i), run_id))
    params.append(("lr", str(0.01 * (i % 5 + 1)), run_id))
    tags.append(("mlflow.runName", "bulk-%05d" % i, run_id))
    latest.append(("loss", 1.0 / (i + 1), start + 1, 0, False, run_id))
execute_values(cur, "INSERT INTO runs (%s) VALUES %%s" % ", ".join(columns), runs, page_size=1000)
execute_values(cur, "INSERT INTO params (key, value, run_uuid) VALUES %s", params, page_size=1000)
execute_values(cur, "INSERT INTO tags (key, value, run_uuid) VALUES %s", tags, page_size=1000)
execute_values(cur, "INSERT INTO latest_metrics (key, value, timestamp, step, is_nan, run_uuid) VALUES %s", latest,
               page_size=1000)
execute_values(cur, "INSERT INTO metrics (key, value, timestamp, step, is_nan, run_uuid) VALUES %s",
               [(k, v, t, s, n, r) for (k, v, t, s, n, r) in latest], page_size=1000)
con.commit()
con.close()
ids, token = [], None
while True:
    page = client.search_runs([exp_id], max_results=1000, page_token=token)
    ids.extend(r.info.run_id for r in page)
    token = page.token
    if not token:
        break
with open(out, "w", encoding="utf-8") as f:
    json.dump({"experiment_id": exp_id, "run_ids": ids}, f)
