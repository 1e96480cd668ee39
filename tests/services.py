"""Throwaway Redis and PostgreSQL servers for the fault tests: own port, own
data directory, stopped and started by the test. The shared servers (Redis on
6379, PostgreSQL on 5499) are never touched."""

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
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


def wait_for(condition, timeout=START_S, what="the condition", refused=(), step=0.1):
    """The first true value of ``condition()`` within ``timeout`` seconds; the
    exceptions in ``refused`` (a server still starting) count as false."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            if value := condition():
                return value
        except refused:
            pass
        time.sleep(step)
    raise AssertionError(f"{what} not within {timeout} s")


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
        ping = redis.Redis.from_url(self.url, socket_timeout=0.5).ping
        wait_for(ping, what="redis-server up", refused=(redis.exceptions.ConnectionError,))

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


class PostgresCluster:
    """A PostgreSQL 15 cluster (initdb, trust auth) on a free port, in its own
    temporary directory, with database ``name`` (PostGIS in it unless not
    ``postgis``); ``url()``, ``connect()``, ``restart()``, ``stop()``. initdb
    refuses root, so as root the cluster runs as the postgres OS user."""

    def __init__(self, name="webgis", postgis=True):
        self.root = Path(tempfile.mkdtemp(prefix="websig-pg-"))
        self.root.chmod(0o755)
        self.data = self.root / "pgdata"
        self.port = free_port()
        self.name = name
        if os.getuid() == 0:
            owner = pwd.getpwnam("postgres")
            os.chown(self.root, owner.pw_uid, owner.pw_gid)
        self._run(
            PG_BIN / "initdb", "-D", self.data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"
        )
        self._pg_ctl("start", "-o", f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off")
        if name != "postgres":
            conn = self.connect("postgres")
            conn.autocommit = True
            conn.cursor().execute(f'CREATE DATABASE "{name}"')
            conn.close()
        if postgis:
            conn = self.connect(name)
            conn.autocommit = True
            conn.cursor().execute("CREATE EXTENSION postgis")
            conn.close()

    def _run(self, *command):
        if os.getuid() == 0:
            command = ("runuser", "-u", "postgres", "--", *command)
        subprocess.run([str(part) for part in command], check=True, capture_output=True)

    def _pg_ctl(self, *args):
        self._run(PG_BIN / "pg_ctl", "-D", self.data, "-l", self.root / "postgres.log", "-w", "-t", "60", *args)

    def url(self, database=None):
        return f"postgis://postgres@127.0.0.1:{self.port}/{database or self.name}"

    def connect(self, database=None):
        conn = psycopg2.connect(host="127.0.0.1", port=self.port, user="postgres", dbname=database or self.name)
        return conn

    def restart(self):
        self._pg_ctl("restart", "-m", "fast")

    def stop(self):
        try:
            self._pg_ctl("stop", "-m", "immediate")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
