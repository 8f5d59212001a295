"""Times mlflow.search_runs(max_results=100) on an SQLite store in one process: the first call (which also creates
the engine and checks the schema) apart, then REPEATS more calls (imports excluded).

usage: bench_sqlite_first_page.py DB EXPERIMENT_ID REPEATS
       -> prints JSON {"first_millis", "millis": [...], "run_ids": [...]}
"""
import json
import sys
import time

import mlflow

db, exp_id, repeats = sys.argv[1], sys.argv[2], int(sys.argv[3])
mlflow.set_tracking_uri("sqlite:///" + db)
start = time.perf_counter()
mlflow.search_runs(experiment_ids=[exp_id], max_results=100)
first = (time.perf_counter() - start) * 1000
millis = []
df = None
for _ in range(repeats):
    start = time.perf_counter()
    df = mlflow.search_runs(experiment_ids=[exp_id], max_results=100)
    millis.append((time.perf_counter() - start) * 1000)
print(json.dumps({"first_millis": first, "millis": millis, "run_ids": list(df["run_id"])}))
