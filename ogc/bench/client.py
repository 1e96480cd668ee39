"""Timed HTTP requests against the benchmark's gunicorn, their percentiles,
and the load: a fixed number of client threads for a fixed time, each on its
own connection, drawing requests from a weighted mix with its own seed. Loopback only."""

import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
import urllib3

REQUEST_TIMEOUT_S = 120
HEADERS = {"Accept-Encoding": "gzip"}
# A client stops after this many requests even if its time is not up.
MAX_REQUESTS_PER_CLIENT = 1_000_000


def percentiles(seconds):
    """{n, p50_ms, p95_ms, max_ms} of a list of durations in seconds (None when empty)."""
    if not seconds:
        return {"n": 0, "p50_ms": None, "p95_ms": None, "max_ms": None}
    values = np.asarray(seconds) * 1000.0
    return {
        "n": len(values),
        "p50_ms": round(float(np.percentile(values, 50)), 2),
        "p95_ms": round(float(np.percentile(values, 95)), 2),
        "max_ms": round(float(values.max()), 2),
    }


def ratio(ours, floor):
    return round(ours / floor, 3) if ours is not None and floor else None


class Client:
    """One HTTP client (its own keep-alive connection) against ``base_url``,
    asking for gzip as browsers do. urllib3 reads a body in one call:
    requests' Session read it in 10 KB chunks, 3 ms of the 4.7 ms a warm
    1.8 MB tile took end to end (measured on the bench-serve layer), which
    timed the client rather than the server."""

    def __init__(self, base_url):
        self.base_url = base_url
        self.pool = urllib3.connection_from_url(base_url, maxsize=1, block=True)

    def get(self, path):
        """(seconds until the whole body arrived, decoded, status, body length); status 0 for a failed request."""
        started = time.perf_counter()
        try:
            response = self.pool.request(
                "GET", path, headers=HEADERS, timeout=REQUEST_TIMEOUT_S, retries=False, redirect=False
            )
            size = len(response.data)
            status = response.status
        except urllib3.exceptions.HTTPError:
            size, status = 0, 0
        return time.perf_counter() - started, status, size

    def close(self):
        self.pool.close()


@dataclass
class Mix:
    """Weighted kinds of request, each with its paths: [(kind, weight, [path])]."""

    entries: list

    def draw(self, rng):
        kinds = [entry for entry in self.entries if entry[2]]
        kind, _weight, paths = rng.choices(kinds, weights=[entry[1] for entry in kinds])[0]
        return kind, rng.choice(paths)


@dataclass
class LoadResult:
    clients: int
    duration_s: float
    think_s: float = 0.0
    seconds: dict = field(default_factory=dict)  # kind -> [durations]
    errors: dict = field(default_factory=dict)  # "kind status" -> count
    requests: int = 0

    def summary(self):
        every = [s for values in self.seconds.values() for s in values]
        return {
            "clients": self.clients,
            "duration_s": round(self.duration_s, 1),
            "think_s": self.think_s,
            "requests": self.requests,
            "requests_per_s": round(self.requests / self.duration_s, 1) if self.duration_s else None,
            "errors": sum(self.errors.values()),
            "error_kinds": dict(self.errors),
            "all": percentiles(every),
            "by_kind": {kind: percentiles(values) for kind, values in sorted(self.seconds.items())},
        }


def run_load(base_url, mix, clients, duration_s, think_s=0.0, seed=20):
    """``clients`` threads, each sending requests from ``mix`` one after the
    other for ``duration_s`` seconds, pausing ``think_s`` after each answer;
    a request answered with a status of 400 or more, or not answered, is an error."""
    result = LoadResult(clients, duration_s, think_s)
    lock = threading.Lock()
    start = threading.Barrier(clients)

    def one_client(number):
        rng = random.Random(seed * 1000 + number)
        client = Client(base_url)
        seconds, errors = {}, {}
        start.wait()
        stop_at = time.monotonic() + duration_s
        try:
            for _n in range(MAX_REQUESTS_PER_CLIENT):
                if time.monotonic() >= stop_at:
                    break
                kind, path = mix.draw(rng)
                elapsed, status, _size = client.get(path)
                seconds.setdefault(kind, []).append(elapsed)
                if status == 0 or status >= 400:
                    errors[f"{kind} {status}"] = errors.get(f"{kind} {status}", 0) + 1
                if think_s:
                    time.sleep(think_s)
        finally:
            client.close()
        with lock:
            for kind, values in seconds.items():
                result.seconds.setdefault(kind, []).extend(values)
                result.requests += len(values)
            for key, count in errors.items():
                result.errors[key] = result.errors.get(key, 0) + count

    started = time.monotonic()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(one_client, range(clients)))
    result.duration_s = time.monotonic() - started
    return result
