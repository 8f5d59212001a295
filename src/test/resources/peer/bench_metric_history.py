"""Loads full metric histories through MlflowClient and reports the time taken (benchmark reference).

Usage: python bench_metric_history.py <tracking-uri> <metric-key> <run-id>...
Prints "points <total>" and "seconds <elapsed>", the time measured around the get_metric_history calls only.
"""
import sys
import time

from mlflow.tracking import MlflowClient


def main(uri, key, run_ids):
    client = MlflowClient(tracking_uri=uri)
    start = time.perf_counter()
    points = 0
    for run_id in run_ids:
        points += len(client.get_metric_history(run_id, key))
    elapsed = time.perf_counter() - start
    print("points", points)
    print("seconds", elapsed)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3:])
