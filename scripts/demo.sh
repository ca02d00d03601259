#!/usr/bin/env bash
# Set up (if needed) and start the demo: `station run --demo` — the bench application with
# seeded demo data and simulated devices; no hardware, no server, data in ./.station-home.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
. .venv/bin/activate
export STATION_HOME=${STATION_HOME:-$PWD/.station-home}
exec station run --demo "$@"
