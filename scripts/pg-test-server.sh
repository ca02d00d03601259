#!/usr/bin/env bash
# Start a throwaway PostgreSQL for the hub tests and print `export STATION_TEST_PG_URL=...`.
# Usage: eval "$(bash scripts/pg-test-server.sh start)" ... bash scripts/pg-test-server.sh stop
# Installs Debian's postgresql when missing and we are root; otherwise prints nothing, and the
# PostgreSQL tests skip with a reason.
set -euo pipefail
DATA=${PG_TEST_DATA:-/tmp/station-pg-test}
PORT=${PG_TEST_PORT:-55432}

bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-start}" in
  start)
    if [ -z "$(bindir)" ]; then
      if [ "$(id -u)" = 0 ]; then
        echo "pg-test-server: installing postgresql" >&2
        apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
      else
        echo "pg-test-server: no PostgreSQL server here; its tests will skip" >&2
        exit 0
      fi
    fi
    BIN=$(bindir)
    as_pg "$BIN/pg_ctl" -D "$DATA" stop -m immediate >/dev/null 2>&1 || true
    rm -rf "$DATA" && mkdir -p "$DATA"
    [ "$(id -u)" = 0 ] && chown postgres "$DATA"
    as_pg "$BIN/initdb" -D "$DATA" -A trust -U postgres >/dev/null
    as_pg "$BIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w \
      -o "-p $PORT -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
    as_pg "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -q -c \
      "CREATE ROLE station LOGIN PASSWORD 'station'" -c "CREATE DATABASE station_test OWNER station" >&2
    echo "export STATION_TEST_PG_URL=postgresql://station:station@127.0.0.1:$PORT/station_test"
    ;;
  stop)
    BIN=$(bindir)
    [ -n "$BIN" ] && as_pg "$BIN/pg_ctl" -D "$DATA" stop -m fast >/dev/null 2>&1 || true
    ;;
esac
