"""Sync commands without the Qt launcher: ``python -m sync enroll|sync|hub ...``."""

from __future__ import annotations

import argparse
import logging
import sys

from sync.commands import add_sync_parsers


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sync", description=__doc__)
    parser.add_argument("-v", "--verbose", action="store_true")
    add_sync_parsers(parser.add_subparsers(dest="command", required=True, metavar="COMMAND"))
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
