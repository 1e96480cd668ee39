"""gunicorn for the benchmark: the flags of ``make run`` on a free loopback port,
against the database and Redis this process uses (the test database in tests)."""

import os
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests
from django.conf import settings
from django.db import connection

START_TIMEOUT_S = 90


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url():
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgis://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Gunicorn:
    """``with Gunicorn(workers=3) as server:`` a running gunicorn (sync workers,
    as ``make run``), ``server.url`` its address; stopped on leaving."""

    def __init__(self, workers=3):
        self.workers = workers
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = None

    def __enter__(self):
        env = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "REDIS_URL": settings.REDIS_URL,
            "UPLOAD_ROOT": str(settings.UPLOAD_ROOT),
            "EXPORT_ROOT": str(settings.EXPORT_ROOT),
        }
        # No access log: writing one line per request is the terminal's cost, not the site's.
        command = [sys.executable, "-m", "gunicorn", "webgis.wsgi:application", "--bind", f"127.0.0.1:{self.port}"]
        command += ["--workers", str(self.workers), "--timeout", "120"]
        # Its log goes to a file: a pipe nobody reads would stop it once full.
        self.log = tempfile.TemporaryFile()
        self.process = subprocess.Popen(
            command, cwd=settings.BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=self.log
        )
        try:
            self._wait_until_up()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def _wait_until_up(self):
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {self.log_tail()}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not answer within {START_TIMEOUT_S} s")
            try:
                if requests.get(f"{self.url}/api/layers/", timeout=30).ok:
                    break
            except (requests.ConnectionError, requests.Timeout):
                time.sleep(0.2)
        # Every worker's first requests set up what Django loads lazily (URLs, GDAL):
        # a few concurrent ones per worker, before anything is timed.
        with ThreadPoolExecutor(self.workers) as pool:
            list(pool.map(lambda _n: requests.get(f"{self.url}/api/layers/", timeout=30), range(3 * self.workers)))

    def log_tail(self, chars=2000):
        self.log.seek(0)
        return self.log.read().decode(errors="replace")[-chars:]

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()

    def worker_pids(self):
        """The pids of the master's children (the web workers)."""
        pids = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid:
                pids.append(int(stat.parent.name))
        return sorted(pids)

    def worker_peak_rss_mb(self):
        """{pid: VmHWM in MiB} of every worker: the most memory each has held since it started."""
        peaks = {}
        for pid in self.worker_pids():
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        peaks[pid] = round(int(line.split()[1]) / 1024, 1)
            except OSError:
                continue
        return peaks
