"""Runs `mlflow server` the way production does: PostgreSQL backend store, S3 artifact store, basic auth.

usage: pg_s3_mlflow_server.py PORT WORKDIR [extra mlflow server args...]

PostgreSQL comes from pgserver (its own binaries, data under WORKDIR/pg, a Unix socket), S3 from moto in server mode
(a bucket `handoff-peer`, on a free loopback port). The mlflow server proxies artifacts to s3://handoff-peer/artifacts
and runs with `--app-name basic-auth` (admin password from MLFLOW_AUTH admin defaults, see basic_auth.ini in WORKDIR).
Prints `READY <port> <moto-port>` once everything is started; SIGTERM stops the server, moto and PostgreSQL.
"""
import os
import signal
import socket
import subprocess
import sys

import boto3
import pgserver
from moto.server import ThreadedMotoServer

port, work = int(sys.argv[1]), sys.argv[2]
extra = sys.argv[3:]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


pg = pgserver.get_server(os.path.join(work, "pg"), cleanup_mode="stop")
moto_port = free_port()
moto = ThreadedMotoServer(ip_address="127.0.0.1", port=moto_port, verbose=False)
moto.start()
env = dict(os.environ, AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing", AWS_DEFAULT_REGION="us-east-1",
           MLFLOW_S3_ENDPOINT_URL="http://127.0.0.1:%d" % moto_port)
boto3.client("s3", endpoint_url=env["MLFLOW_S3_ENDPOINT_URL"], aws_access_key_id="testing",
             aws_secret_access_key="testing", region_name="us-east-1").create_bucket(Bucket="handoff-peer")
pg.psql("CREATE DATABASE mlflow;")
backend = pg.get_uri("mlflow")
# SQLAlchemy 2 reads a bare postgresql:// as psycopg (3); the venv has psycopg2, MLflow's documented driver
server = subprocess.Popen([sys.executable, "-m", "mlflow", "server", "--host", "127.0.0.1", "--port", str(port),
                           "--backend-store-uri", backend.replace("postgresql://", "postgresql+psycopg2://", 1), "--artifacts-destination", "s3://handoff-peer/artifacts",
                           "--workers", "1"] + extra, env=env, cwd=work)


def stop(*_):
    try:
        if server.poll() is None:
            server.terminate()
            try:
                server.wait(10)
            except subprocess.TimeoutExpired:
                server.kill()
    finally:
        moto.stop()
        pg.cleanup()
    sys.exit(0)


signal.signal(signal.SIGTERM, stop)
signal.signal(signal.SIGINT, stop)
print("READY %d %d %s" % (port, moto_port, backend), flush=True)
code = server.wait()
moto.stop()
pg.cleanup()
sys.exit(code)
