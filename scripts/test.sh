#!/usr/bin/env bash
# Set up (if needed) and run every check CI runs: ruff, mypy, import contracts, the test suite.
# Extra arguments go to pytest, e.g. `bash scripts/test.sh -k audit`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
. .venv/bin/activate
export QT_QPA_PLATFORM=offscreen
# The hub is also tested against a real PostgreSQL and the spooler printer against a real
# CUPS scheduler; both are started here (installed first when missing) and stopped on exit.
stops=()
if [ -z "${STATION_TEST_PG_URL:-}" ]; then
  eval "$(bash scripts/pg-test-server.sh start)"
  stops+=("bash scripts/pg-test-server.sh stop")
fi
if [ -z "${STATION_TEST_CUPS_SERVER:-}" ]; then
  eval "$(bash scripts/cups-test-server.sh start)"
  stops+=("bash scripts/cups-test-server.sh stop")
fi
stop_servers() { for cmd in "${stops[@]}"; do $cmd || true; done; }
trap stop_servers EXIT
echo "== ruff";        ruff check station drivers sync ui tests
echo "== ruff format"; ruff format --check station drivers sync ui tests
echo "== mypy";        mypy
echo "== import contracts"; lint-imports
echo "== pytest";      python -m pytest -q -m "not benchmark" "$@"
