#!/usr/bin/env bash
# Start a throwaway CUPS scheduler for the spooler printer tests and print
# `export STATION_TEST_CUPS_SERVER=127.0.0.1:PORT`.
# Usage: eval "$(bash scripts/cups-test-server.sh start)" ... bash scripts/cups-test-server.sh stop
# Installs Debian's cups-daemon/cups-client/cups-bsd when missing and we are root; otherwise
# prints nothing and the CUPS tests skip with a reason. Its own config, spool and logs live in
# $CUPS_TEST_ROOT; the system's CUPS (if any) is not touched. Queues point at the `tcpcopy`
# backend below, which sends each job to a host:port — the tests' simulated Zebra printer.
set -euo pipefail
ROOT=${CUPS_TEST_ROOT:-/tmp/station-cups-test}
PORT=${CUPS_TEST_PORT:-16631}

case "${1:-start}" in
  start)
    if ! command -v cupsd >/dev/null && [ ! -x /usr/sbin/cupsd ] || ! command -v lpr >/dev/null; then
      if [ "$(id -u)" = 0 ]; then
        echo "cups-test-server: installing CUPS" >&2
        apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
          --no-install-recommends cups-daemon cups-client cups-bsd >/dev/null
      else
        echo "cups-test-server: no CUPS here; the spooler tests will skip" >&2
        exit 0
      fi
    fi
    if [ "$(id -u)" != 0 ]; then
      echo "cups-test-server: cupsd needs root here; the spooler tests will skip" >&2
      exit 0
    fi
    [ -f "$ROOT/cupsd.pid" ] && kill "$(cat "$ROOT/cupsd.pid")" 2>/dev/null || true
    rm -rf "$ROOT" && mkdir -p "$ROOT"/{spool,cache,state,log,bin/backend}
    for d in filter cgi-bin daemon monitor notifier; do ln -sfn "/usr/lib/cups/$d" "$ROOT/bin/$d"; done
    cat > "$ROOT/bin/backend/tcpcopy" <<'BACKEND'
#!/bin/bash
# CUPS backend: the job's bytes to HOST:PORT of DEVICE_URI=tcpcopy://HOST:PORT, unchanged.
if [ $# -eq 0 ]; then echo 'network tcpcopy "Unknown" "raw TCP copy (tests)"'; exit 0; fi
hostport=${DEVICE_URI#tcpcopy://}
exec 3<>"/dev/tcp/${hostport%%:*}/${hostport##*:}" || exit 1
if [ -n "${6:-}" ]; then cat "$6" >&3; else cat >&3; fi
exec 3>&-
BACKEND
    chmod 755 "$ROOT/bin/backend/tcpcopy"
    cat > "$ROOT/cupsd.conf" <<CONF
Listen 127.0.0.1:$PORT
LogLevel warn
WebInterface No
Browsing Off
DefaultAuthType None
<Location />
  Order allow,deny
  Allow all
</Location>
<Location /admin>
  Order allow,deny
  Allow all
</Location>
CONF
    cat > "$ROOT/cups-files.conf" <<CONF
ServerRoot $ROOT
ServerBin $ROOT/bin
RequestRoot $ROOT/spool
CacheDir $ROOT/cache
StateDir $ROOT/state
ErrorLog $ROOT/log/error_log
AccessLog $ROOT/log/access_log
PageLog $ROOT/log/page_log
DataDir /usr/share/cups
CONF
    /usr/sbin/cupsd -f -c "$ROOT/cupsd.conf" -s "$ROOT/cups-files.conf" >/dev/null 2>&1 &
    echo $! > "$ROOT/cupsd.pid"
    for _ in $(seq 50); do
      CUPS_SERVER=127.0.0.1:$PORT lpstat -r 2>/dev/null | grep -q "is running" && break
      sleep 0.1
    done
    if ! CUPS_SERVER=127.0.0.1:$PORT lpstat -r 2>/dev/null | grep -q "is running"; then
      echo "cups-test-server: cupsd did not start (see $ROOT/log/error_log); the spooler tests will skip" >&2
      exit 0
    fi
    echo "export STATION_TEST_CUPS_SERVER=127.0.0.1:$PORT"
    ;;
  stop)
    [ -f "$ROOT/cupsd.pid" ] && kill "$(cat "$ROOT/cupsd.pid")" 2>/dev/null || true
    ;;
esac
