#!/usr/bin/env bash
# Set up (if needed) and run every check CI runs: ruff, mypy, import contracts, the test suite.
# Extra arguments go to pytest, e.g. `bash scripts/test.sh -k audit`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
. .venv/bin/activate
export QT_QPA_PLATFORM=offscreen
echo "== ruff";        ruff check station drivers sync ui tests
echo "== ruff format"; ruff format --check station drivers sync ui tests
echo "== mypy";        mypy
echo "== import contracts"; lint-imports
echo "== pytest";      python -m pytest -q -m "not benchmark" "$@"
