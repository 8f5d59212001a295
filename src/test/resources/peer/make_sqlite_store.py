"""Writes a large MLflow SQLite tracking store: MLflow creates the schema, then the rows go in by bulk INSERT.

usage: make_sqlite_store.py DB RUNS   -> prints JSON {"experiment_id", "runs"}

One experiment of RUNS finished runs, each with 5 params, 3 tags (incl. mlflow.runName), 5 latest metrics and their
3-point histories, as MLflow's own client would log them (same tables and columns, the column list read from the
schema MLflow just created, so the file matches the installed MLflow's migrations).
"""
import json
import random
import sqlite3
import sys
import uuid

from mlflow.tracking import MlflowClient

db, runs = sys.argv[1], int(sys.argv[2])
client = MlflowClient(tracking_uri="sqlite:///" + db)
exp_id = client.create_experiment("bench-large")
con = sqlite3.connect(db)
columns = [r[1] for r in con.execute("PRAGMA table_info(runs)")]
rnd = random.Random(42)
base = 1_700_000_000_000
run_rows, params, tags, latest, history = [], [], [], [], []
for i in range(runs):
    run_id = uuid.UUID(int=rnd.getrandbits(128)).hex
    start = base + i * 1000 + rnd.randrange(1000)
    values = {"run_uuid": run_id, "name": "run-%d" % i, "source_type": "LOCAL", "source_name": "", "entry_point_name": "",
              "user_id": "bench", "status": "FINISHED", "start_time": start, "end_time": start + 60_000,
              "deleted_time": None, "source_version": "", "lifecycle_stage": "active",
              "artifact_uri": "/tmp/artifacts/%s" % run_id, "experiment_id": int(exp_id)}
    run_rows.append(tuple(values.get(c) for c in columns))
    for p in range(5):
        params.append(("p%d" % p, str(rnd.randrange(10)), run_id))
    tags.append(("mlflow.runName", "run-%d" % i, run_id))
    tags.append(("mlflow.user", "bench", run_id))
    tags.append(("team", rnd.choice(["risk", "fraud"]), run_id))
    for m in range(5):
        for step in range(3):
            v = rnd.random()
            history.append(("m%d" % m, v, start + step, run_id, step, False))
        latest.append(("m%d" % m, v, start + 2, 2, False, run_id))
con.executemany("INSERT INTO runs (%s) VALUES (%s)" % (", ".join(columns), ", ".join("?" * len(columns))), run_rows)
con.executemany("INSERT INTO params (key, value, run_uuid) VALUES (?, ?, ?)", params)
con.executemany("INSERT INTO tags (key, value, run_uuid) VALUES (?, ?, ?)", tags)
con.executemany("INSERT INTO metrics (key, value, timestamp, run_uuid, step, is_nan) VALUES (?, ?, ?, ?, ?, ?)", history)
con.executemany("INSERT INTO latest_metrics (key, value, timestamp, step, is_nan, run_uuid) VALUES (?, ?, ?, ?, ?, ?)",
                latest)
con.commit()
con.close()
print(json.dumps({"experiment_id": exp_id, "runs": runs}))
