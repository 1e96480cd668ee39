#!/usr/bin/env bash
# A project-local PostgreSQL + PostGIS cluster.
#   scripts/pg-local.sh start   initdb when needed, start on $PGPORT, create $PGDATABASE + postgis
#   scripts/pg-local.sh stop    stop the cluster this checkout started
# When a server already answers on $PGPORT (e.g. another checkout's cluster) and
# offers PostGIS, it is reused. initdb refuses root, so as root the cluster runs
# as the postgres OS user.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
PGPORT=${PGPORT:-5499}
PGDATABASE=${PGDATABASE:-webgis}
PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
PGDATA=${PGDATA:-$here/.pgdata}

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# As root, the postgres user must be able to reach the data directory; a checkout
# under a private home directory gets its cluster under /var/lib/postgresql.
if [ "$(id -u)" -eq 0 ] && ! runuser -u postgres -- test -x "$(dirname "$PGDATA")"; then
  PGDATA=/var/lib/postgresql/webgis-$(echo "$here" | md5sum | cut -c1-8)
fi

psql_admin() { "$PGBIN/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -v ON_ERROR_STOP=1 -qAt "$@"; }

start() {
  if ! "$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$PGPORT"; then
    if [ ! -f "$PGDATA/PG_VERSION" ]; then
      echo "Creating PostgreSQL cluster in $PGDATA (port $PGPORT)"
      mkdir -p "$PGDATA"
      [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$PGDATA"
      chmod 700 "$PGDATA"
      as_owner "$PGBIN/initdb" -D "$PGDATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    fi
    as_owner "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w -t 60 \
      -o "-p $PGPORT -k $PGDATA -c listen_addresses=127.0.0.1 -c fsync=off -c max_wal_size=2GB -c shared_buffers=512MB" start >/dev/null
    echo "PostgreSQL started on 127.0.0.1:$PGPORT ($PGDATA)"
  fi
  if [ -z "$(psql_admin -d postgres -c "SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'")" ]; then
    echo "The server on port $PGPORT has no PostGIS; stop it or set PGPORT" >&2
    exit 1
  fi
  if [ -z "$(psql_admin -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$PGDATABASE'")" ]; then
    psql_admin -d postgres -c "CREATE DATABASE \"$PGDATABASE\""
  fi
  psql_admin -d "$PGDATABASE" -c "SET client_min_messages = warning; CREATE EXTENSION IF NOT EXISTS postgis"
}

stop() {
  if [ -f "$PGDATA/postmaster.pid" ]; then
    as_owner "$PGBIN/pg_ctl" -D "$PGDATA" -m fast -w stop >/dev/null && echo "PostgreSQL stopped ($PGDATA)"
  fi
}

"${1:?start or stop}"
