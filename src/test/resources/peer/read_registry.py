"""Dumps one registered model as MlflowClient reads it: aliases and every version's tags and aliases.

Usage: python read_registry.py <tracking-uri> <name> <out.json>   (credentials from MLFLOW_TRACKING_USERNAME/PASSWORD)
"""
import sys

from mlflow.tracking import MlflowClient

from peer_common import write_json


def main(uri, name, out_path):
    client = MlflowClient(tracking_uri=uri, registry_uri=uri)
    rm = client.get_registered_model(name)
    versions = {}
    for mv in client.search_model_versions("name='%s'" % name):
        full = client.get_model_version(name, mv.version)
        versions[str(full.version)] = {"tags": dict(full.tags), "aliases": sorted(full.aliases)}
    write_json(out_path, {"aliases": {k: str(v) for k, v in rm.aliases.items()}, "tags": dict(rm.tags),
                          "versions": versions})


if __name__ == "__main__":
    main(*sys.argv[1:])
