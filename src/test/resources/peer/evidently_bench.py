"""Times Evidently's DataDriftPreset on REF.csv vs CUR.csv (reading both CSV files included, imports excluded).

usage: evidently_bench.py REF.csv CUR.csv NUMERICAL_COLUMNS   -> prints JSON {"seconds", "drifted", "values": {...}}
"""
import json
import sys
import time

import pandas as pd
from evidently import DataDefinition, Dataset, Report
from evidently.presets import DataDriftPreset

ref_csv, cur_csv, num_arg = sys.argv[1:4]
num = num_arg.split(",")
start = time.perf_counter()
ref = pd.read_csv(ref_csv)
cur = pd.read_csv(cur_csv)
definition = DataDefinition(numerical_columns=num)
snapshot = Report([DataDriftPreset(columns=num)]).run(Dataset.from_pandas(cur, data_definition=definition),
                                                     Dataset.from_pandas(ref, data_definition=definition))
seconds = time.perf_counter() - start
values = {}
drifted = None
for m in snapshot.dict()["metrics"]:
    kind = m["config"]["type"].rsplit(":", 1)[-1]
    if kind == "ValueDrift":
        values[m["config"]["column"]] = m["value"]
    elif kind == "DriftedColumnsCount":
        drifted = m["value"]["count"]
print(json.dumps({"seconds": seconds, "drifted": drifted, "values": values}))
