"""Throwaway Redis and PostgreSQL servers for the fault tests: own port, own
data directory, stopped and started by the test. The shared servers (Redis on
6379, PostgreSQL on 5499) are never touched."""

import socket
import subprocess
import time
from pathlib import Path

import psycopg2
import redis

PG_BIN = Path("/usr/lib/postgresql/15/bin")
START_S = 30


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(ready, what, timeout=START_S):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            if ready():
                return
        except Exception:  # not up yet: refused, starting, ...
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{what} did not come up in {timeout} s")


class RedisServer:
    """``redis-server`` on a free port without persistence; ``url``, ``stop()``."""

    def __init__(self, directory):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            cwd=directory,
            stdout=subprocess.DEVNULL,
        )
        wait_for(lambda: redis.Redis.from_url(self.url, socket_timeout=0.5).ping(), "redis-server")

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


class PostgresCluster:
    """A PostgreSQL 15 cluster (initdb, trust auth) on a free port, with PostGIS in
    database ``name``; ``dsn(database)``, ``restart()``, ``stop()``."""

    def __init__(self, directory, name="webgis"):
        self.data = Path(directory) / "pgdata"
        self.port = free_port()
        self.name = name
        subprocess.run(
            [PG_BIN / "initdb", "-D", self.data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"],
            check=True,
            capture_output=True,
        )
        self._pg_ctl("start", "-w", "-o", f"-p {self.port} -k {directory} -c listen_addresses=127.0.0.1 -c fsync=off")
        with self.connect("postgres") as conn:
            conn.autocommit = True
            conn.cursor().execute(f'CREATE DATABASE "{name}"')
        with self.connect(name) as conn:
            conn.cursor().execute("CREATE EXTENSION postgis")

    def _pg_ctl(self, *args):
        log = self.data.parent / "postgres.log"
        subprocess.run([PG_BIN / "pg_ctl", "-D", self.data, "-l", log, *args], check=True, capture_output=True)

    def url(self, database=None):
        return f"postgis://postgres@127.0.0.1:{self.port}/{database or self.name}"

    def connect(self, database=None):
        conn = psycopg2.connect(host="127.0.0.1", port=self.port, user="postgres", dbname=database or self.name)
        return conn

    def restart(self):
        self._pg_ctl("restart", "-w", "-m", "fast")

    def stop(self):
        self._pg_ctl("stop", "-w", "-m", "immediate")
