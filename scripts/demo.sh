#!/usr/bin/env bash
# Set up (if needed) and start the demo: no hardware, no server, data in ./.station-home.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
. .venv/bin/activate
export STATION_HOME=${STATION_HOME:-$PWD/.station-home}
station demo
station replay "$STATION_HOME/demo/demo_scans.jsonl"
