"""The `station` command: the launcher for the app, replay, import/export and IT tools.

This module is the launcher of DESIGN §1: the one place in ``station`` allowed to import the
outer layers (drivers, sync, ui), and only lazily inside the command that needs them.
"""

from __future__ import annotations

import argparse
import csv
import json
import logging
import sys
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy import select

from station.config import ConfigError, StationConfig, load_config
from station.domain import InspectionFacts, QuestionKind, Sku, to_jsonable
from station.storage.db import Database, DatabaseError

log = logging.getLogger("station")

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


class CommandError(Exception):
    """A failure to report as one clear line and a non-zero exit."""


def _config(args: argparse.Namespace) -> StationConfig:
    return load_config(Path(args.config) if getattr(args, "config", None) else None)


def _open_db(config: StationConfig) -> Database:
    config.paths.ensure()
    return Database(config.db_url)


def _print_json(obj: Any, out: TextIO = sys.stdout) -> None:
    out.write(json.dumps(to_jsonable(obj), ensure_ascii=False, sort_keys=False) + "\n")
    out.flush()


# -- db ------------------------------------------------------------------------------------


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    from station.storage.db import current_revision, head_revision

    config = _config(args)
    with _open_db(config) as db:
        print(
            f"database {config.db_url} at revision {current_revision(db.engine)} "
            f"(newest {head_revision()})"
        )
    return EXIT_OK


# -- audit ---------------------------------------------------------------------------------


def cmd_audit_verify(args: argparse.Namespace) -> int:
    from station import audit
    from station.storage.models import AuditEventRow

    config = _config(args)
    with _open_db(config) as db, db.sessions() as session:
        problem = audit.verify(session)
        count = len(session.scalars(select(AuditEventRow.seq)).all())
    if problem is not None:
        print(f"audit trail BROKEN at event {problem.seq} ({problem.event_id}): {problem.message}")
        return EXIT_FAIL
    print(f"audit trail intact: {count} events")
    return EXIT_OK


# -- import / export / demo ------------------------------------------------------------------


def cmd_import(args: argparse.Namespace) -> int:
    from station.importer import ImportError_, import_files

    if not (args.catalog or args.rmas or args.operators):
        raise CommandError("nothing to import: give --catalog, --rmas and/or --operators")
    config = _config(args)
    with _open_db(config) as db:
        try:
            with db.transaction() as session:
                summary = import_files(
                    session,
                    catalog=Path(args.catalog) if args.catalog else None,
                    rmas=Path(args.rmas) if args.rmas else None,
                    operators=Path(args.operators) if args.operators else None,
                )
        except ImportError_ as exc:
            print(
                f"import refused, nothing was changed ({len(exc.errors)} bad rows):",
                file=sys.stderr,
            )
            for line in exc.errors:
                print(f"  {line}", file=sys.stderr)
            return EXIT_FAIL
    print(
        f"imported {summary.skus} SKUs ({summary.gtins} GTINs), {summary.rmas} RMAs "
        f"({summary.rma_lines} lines), {summary.operators} operators"
    )
    return EXIT_OK


def seed_demo(config: StationConfig, db: Database, *, today: date | None = None) -> Path:
    """Generate the demo data into the station home and import it (idempotent)."""
    from station.demo import demo_replay_events, generate_demo_data
    from station.importer import import_files

    demo_dir = config.paths.home / "demo"
    files = generate_demo_data(demo_dir, today=today or date.today())
    with db.transaction() as session:
        import_files(session, catalog=files.catalog, rmas=files.rmas, operators=files.operators)
    policy = _policy(config)
    received_on = today or date.today()

    def questions_for(category: str) -> Sequence[tuple[str, str]]:
        # The demo inspector answers every question the flawless way.
        probe = Sku(sku="demo", description="", category=category, unit_value_cents=0)
        return [
            (q.id, ("n" if q.id in _NO_IS_GOOD else "y") if q.kind is QuestionKind.YES_NO else "1")
            for q in policy.questions(probe)
        ]

    def photos_for(sku: Sku) -> int:
        facts = InspectionFacts(sku=sku, rma=None, received_on=received_on)
        return len(policy.assess(facts).required_photos)

    events = demo_replay_events(files, questions_for, photos_for=photos_for)
    replay_file = demo_dir / "demo_scans.jsonl"
    replay_file.write_text("".join(json.dumps(e) + "\n" for e in events), encoding="utf-8")
    return replay_file


_NO_IS_GOOD = frozenset({"worn", "stains_odour", "used"})


def _policy(config: StationConfig) -> Any:
    from station.policy import Policy

    return Policy.load(config.policy_dir) if config.policy_dir else Policy.default()


def cmd_demo(args: argparse.Namespace) -> int:
    config = _config(args)
    with _open_db(config) as db:
        replay_file = seed_demo(config, db)
    print(f"demo data imported into {config.paths.home}")
    print(f"try it:  station replay {replay_file}")
    return EXIT_OK


def _export_rows(config: StationConfig, since: date) -> list[dict[str, Any]]:
    from station.storage.models import UnitRow
    from station.workflow import record_from_row

    start = datetime(since.year, since.month, since.day, tzinfo=UTC)
    with _open_db(config) as db, db.sessions() as session:
        rows = session.scalars(
            select(UnitRow)
            .where(UnitRow.decided_at.is_not(None), UnitRow.decided_at >= start)
            .order_by(UnitRow.decided_at)
        )
        return [to_jsonable(record_from_row(row)) for row in rows]


def cmd_export(args: argparse.Namespace) -> int:
    config = _config(args)
    try:
        since = date.fromisoformat(args.since)
    except ValueError:
        raise CommandError(
            f"--since: expected a date like 2026-11-01, got {args.since!r}"
        ) from None
    records = _export_rows(config, since)
    if args.output:
        with open(args.output, "w", newline="", encoding="utf-8") as out:
            _write_export(records, args.format, out)
        print(f"exported {len(records)} units to {args.output}", file=sys.stderr)
    else:
        _write_export(records, args.format, sys.stdout)
    return EXIT_OK


EXPORT_COLUMNS = (
    "lpn", "rma", "sku", "category", "serial", "grade", "disposition", "suggested_disposition",
    "destination", "automatic", "override_reason", "refund_kind", "refund_fee_pct", "refund_due",
    "hold_state", "hold_reason", "weight_g", "expected_weight_g", "operator", "station",
    "received_at", "decided_at", "policy_version", "rule", "explanation",
)  # fmt: skip


def _write_export(records: list[dict[str, Any]], fmt: str, out: TextIO) -> None:
    if fmt == "json":
        json.dump(records, out, ensure_ascii=False, indent=1)
        out.write("\n")
        return
    writer = csv.writer(out)
    writer.writerow(EXPORT_COLUMNS)
    for r in records:
        refund = r.get("refund") or {}
        flat = r | {
            "refund_kind": refund.get("kind", ""),
            "refund_fee_pct": refund.get("fee_pct", ""),
            "refund_due": refund.get("due", ""),
        }
        writer.writerow(["" if flat.get(c) is None else flat.get(c) for c in EXPORT_COLUMNS])


# -- replay --------------------------------------------------------------------------------


def state_json(state: Any) -> dict[str, Any]:
    unit = state.unit
    summary = None
    if unit is not None:
        a = unit.assessment
        summary = {
            "rma": unit.rma.rma if unit.rma else None,
            "sku": unit.sku.sku if unit.sku else None,
            "serial": unit.serial,
            "weight_g": unit.weight_g,
            "answers": dict(unit.answers),
            "photos": [slot for slot, _ in unit.photos],
            "grade": a.grade.grade.value if a and a.grade else None,
            "suggested": a.disposition.disposition.value if a and a.disposition else None,
            "escalations": [e.code for e in state.escalations],
            "hold_state": unit.hold_state.value,
        }
    return {
        "record": "state",
        "step": state.step.value,
        "prompt": state.prompt,
        "error": state.error,
        "operator": state.operator.badge if state.operator else None,
        "question": state.question.id if state.question else None,
        "photo_slot": state.photo_slot,
        "unit": summary,
        "held_count": state.held_count,
    }


def run_replay(lines: Iterable[str], session: Any, out: TextIO) -> tuple[int, int]:
    """Feed JSON lines through a bench session; returns (events handled, errors)."""
    from station.events import EventError, parse_event
    from station.workflow import BenchState

    handled = errors = 0
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            event = parse_event(json.loads(line))
        except (json.JSONDecodeError, EventError) as exc:
            errors += 1
            _print_json({"record": "error", "line": number, "message": str(exc)}, out)
            continue
        for item in session.handle(event):
            _print_json(state_json(item) if isinstance(item, BenchState) else item, out)
        if session.state.error:
            errors += 1
        handled += 1
    return handled, errors


def cmd_replay(args: argparse.Namespace) -> int:
    from station.workflow import BenchSession

    config = _config(args)
    path = Path(args.events)
    source: TextIO = sys.stdin if args.events == "-" else path.open(encoding="utf-8")
    with _open_db(config) as db:
        printing = _start_printing(config, db)
        try:
            session = BenchSession(
                db, _policy(config), config, on_print_job=printing.wake if printing else None
            )
            with source:
                run_replay(source, session, sys.stdout)
        finally:
            if printing is not None:
                printing.drain_and_stop()
    return EXIT_OK


class _Printing:
    """The durable print queue worker, run while a headless command commits units."""

    def __init__(self, queue: Any) -> None:
        self._queue = queue

    def wake(self, _job_id: str) -> None:
        self._queue.wake()

    def drain_and_stop(self) -> None:
        self._queue.drain(timeout=10.0)
        self._queue.stop()


def _start_printing(config: StationConfig, db: Database) -> _Printing | None:
    try:
        from drivers.printers.queue import start_station_print_queue
    except ImportError:
        return None
    return _Printing(start_station_print_queue(config, db.engine))


# -- doctor --------------------------------------------------------------------------------


def cmd_doctor(args: argparse.Namespace) -> int:
    from station.doctor import core_checks

    config_path = Path(args.config) if args.config else None
    checks = core_checks(config_path)
    try:
        config = load_config(config_path)
    except ConfigError:
        config = None
    if config is not None:
        for module, function in (
            ("drivers.commands", "doctor_checks"),
            ("sync.commands", "doctor_checks"),
        ):
            try:
                mod = __import__(module, fromlist=[function])
            except ImportError:
                continue
            checks.extend(getattr(mod, function)(config))
    failed = 0
    for check in checks:
        mark = "ok  " if check.ok else "FAIL"
        print(f"[{mark}] {check.name}: {check.detail}")
        if not check.ok:
            failed += 1
            if check.fix:
                print(f"       fix: {check.fix}")
    print(f"{len(checks) - failed} passed, {failed} failed")
    return EXIT_FAIL if failed else EXIT_OK


# -- parser --------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="station", description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug details")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(
        name: str, func: Callable[[argparse.Namespace], int], help: str
    ) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help, description=help)
        p.add_argument("--config", metavar="FILE", help="station TOML config")
        p.set_defaults(func=func)
        return p

    p = add("replay", cmd_replay, "feed bench input events (JSON lines) through the workflow")
    p.add_argument("events", metavar="EVENTS.jsonl", help="file of events, or - for stdin")

    p = add("import", cmd_import, "import catalog, RMAs and operators from CSV (all or nothing)")
    p.add_argument("--catalog", metavar="FILE.csv")
    p.add_argument("--rmas", metavar="FILE.csv")
    p.add_argument("--operators", metavar="FILE.csv")

    p = add("export", cmd_export, "export completed units")
    p.add_argument("--since", required=True, metavar="DATE")
    p.add_argument("--format", choices=("csv", "json"), default="csv")
    p.add_argument("--output", "-o", metavar="FILE")

    add("demo", cmd_demo, "generate and import the demo data set into the station home")

    db = sub.add_parser("db", help="database maintenance")
    db_sub = db.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    p = db_sub.add_parser("upgrade", help="migrate the database to the newest schema")
    p.add_argument("--config", metavar="FILE")
    p.set_defaults(func=cmd_db_upgrade)

    au = sub.add_parser("audit", help="audit trail")
    au_sub = au.add_subparsers(dest="audit_command", required=True, metavar="ACTION")
    p = au_sub.add_parser("verify", help="check the hash chain; non-zero exit when tampered")
    p.add_argument("--config", metavar="FILE")
    p.set_defaults(func=cmd_audit_verify)

    add("doctor", cmd_doctor, "check config, database, policy, devices and hub; says what to fix")

    _add_outer_commands(sub)
    return parser


def _add_outer_commands(sub: Any) -> None:
    """Commands implemented in the outer layers, registered when those layers are present."""
    for module, builder in (
        ("drivers.commands", "add_devices_parser"),
        ("drivers.commands", "add_simulate_parser"),
        ("ui.app", "add_run_parser"),
        ("sync.commands", "add_sync_parsers"),
    ):
        try:
            mod = __import__(module, fromlist=[builder])
        except ImportError as exc:
            log.debug("%s not available: %s", module, exc)
            continue
        getattr(mod, builder)(sub)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    try:
        return int(args.func(args))
    except (CommandError, ConfigError, DatabaseError) as exc:
        print(f"station: {exc}", file=sys.stderr)
        return EXIT_FAIL
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
