"""Run the hub without the station launcher: ``python -m sync.hub --db URL --port P``."""

from __future__ import annotations

import argparse
import sys

from sync.commands import EXIT_OK, serve


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sync.hub", description=__doc__)
    parser.add_argument("--db", required=True, metavar="URL")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8750)
    args = parser.parse_args(argv)
    serve(args.db, args.host, args.port)
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
