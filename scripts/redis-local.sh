#!/usr/bin/env bash
# Start Redis on the port of $REDIS_URL when nothing answers there; stop the one we started.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
run=$here/.run
url=${REDIS_URL:-redis://127.0.0.1:6379/0}
hostport=${url#redis://}; hostport=${hostport%%/*}; hostport=${hostport##*@}
host=${hostport%%:*}; port=${hostport##*:}; [ "$port" = "$hostport" ] && port=6379

case "${1:?start or stop}" in
start)
  if [ "$(redis-cli -h "$host" -p "$port" ping 2>/dev/null)" = "PONG" ]; then exit 0; fi
  case "$host" in 127.0.0.1|localhost) ;; *) echo "Redis at $host:$port does not answer" >&2; exit 1;; esac
  mkdir -p "$run"
  redis-server --daemonize yes --bind 127.0.0.1 --port "$port" --save "" --appendonly no \
    --dir "$run" --pidfile "$run/redis.pid" --logfile "$run/redis.log"
  for _ in $(seq 50); do
    [ "$(redis-cli -h "$host" -p "$port" ping 2>/dev/null)" = "PONG" ] && { echo "Redis started on $host:$port"; exit 0; }
    sleep 0.1
  done
  echo "Redis did not start; see $run/redis.log" >&2; exit 1;;
stop)
  if [ -f "$run/redis.pid" ]; then kill "$(cat "$run/redis.pid")" 2>/dev/null || true; rm -f "$run/redis.pid"; echo "Redis stopped"; fi;;
esac
