"""Headless sync commands: ``station enroll``, ``station sync`` and ``station hub ...``.

Registered by the launcher (``station.cli``) through :func:`add_sync_parsers`; the hub
reachability checks of ``station doctor`` come from :func:`doctor_checks`.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import signal
import sys
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from station.config import StationConfig, load_config
from station.doctor import Check
from station.storage.db import Database
from station.storage.models import OutboxRow
from sync import local

EXIT_OK, EXIT_FAIL = 0, 1
HUB_DB_ENV = "STATION_HUB_DB"


@dataclasses.dataclass(frozen=True, slots=True)
class HubLink:
    """Where this station's hub is and the token it enrolled with."""

    url: str
    token: str
    station: str
    verify_tls: bool


def hub_link(config: StationConfig, db: Database) -> HubLink | None:
    """The config's ``[hub] url`` wins over the URL stored at enrollment."""
    with db.sessions() as session:
        url = config.hub_url or local.get_state(session, local.HUB_URL_KEY)
        token = local.get_state(session, local.HUB_TOKEN_KEY)
    if not url or not token:
        return None
    return HubLink(
        url=url, token=token, station=config.station_id, verify_tls=config.hub_verify_tls
    )


def make_client(config: StationConfig, db: Database, **options: Any) -> Any:
    """A SyncClient for this station, or None when it is not enrolled."""
    from sync.client import SyncClient

    link = hub_link(config, db)
    if link is None:
        return None
    options.setdefault("write_gate", db.write_lock)
    return SyncClient(
        db.engine,
        link.url,
        link.token,
        link.station,
        verify_tls=link.verify_tls,
        policy_root=config.paths.home / "hub-policy",
        **options,
    )


def _config(args: argparse.Namespace) -> StationConfig:
    return load_config(Path(args.config) if getattr(args, "config", None) else None)


def _open(config: StationConfig) -> Database:
    config.paths.ensure()
    return Database(config.db_url)


# -- station enroll ------------------------------------------------------------------------------


def cmd_enroll(args: argparse.Namespace) -> int:
    from sync.client import HubError, enroll

    config = _config(args)
    verify = config.hub_verify_tls
    try:
        answer = enroll(args.hub, args.code, config.station_id, verify_tls=verify)
    except HubError as exc:
        print(f"station: enrollment failed: {exc}", file=sys.stderr)
        return EXIT_FAIL
    with _open(config) as db, db.transaction() as session:
        local.set_state(session, local.HUB_URL_KEY, args.hub.rstrip("/"))
        local.set_state(session, local.HUB_TOKEN_KEY, answer.token)
        local.set_state(session, local.HUB_STATION_KEY, answer.station)
        # A replaced PC enrolls again under the same name: continue after the ids the hub
        # already holds, or its first mutations would look like ones it has seen.
        counter = int(local.get_state(session, "outbox_mutation_id", "0") or 0)
        if counter < answer.last_mutation_id:
            pending = session.query(OutboxRow).filter(OutboxRow.state == "pending").count()
            if pending == 0:
                local.set_state(session, "outbox_mutation_id", str(answer.last_mutation_id))
    print(f"enrolled {answer.station} with hub {args.hub}")
    if config.hub_url and config.hub_url.rstrip("/") != args.hub.rstrip("/"):
        print(f"note: the config's [hub] url {config.hub_url} is used for sync", file=sys.stderr)
    return EXIT_OK


# -- station sync --------------------------------------------------------------------------------


def cmd_sync(args: argparse.Namespace) -> int:
    config = _config(args)
    with _open(config) as db:
        client = make_client(config, db, pull_wait_s=10.0)
        if client is None:
            print(
                "station: not enrolled with a hub; run `station enroll --hub URL --code CODE`",
                file=sys.stderr,
            )
            return EXIT_FAIL
        if args.once:
            outcome = client.sync_once()
            with db.sessions() as session:
                rejected = local.rejected_mutations(session)
            if args.json:
                print(
                    json.dumps(
                        dataclasses.asdict(outcome)
                        | {"rejected_mutations": [dataclasses.asdict(r) for r in rejected]}
                    )
                )
            else:
                print(
                    f"applied {outcome.applied}, duplicates {outcome.duplicates}, rejected "
                    f"{outcome.rejected} (total {outcome.rejected_total}), pending "
                    f"{outcome.pending}, cursor {outcome.cursor}, changes "
                    f"{outcome.changes_applied}, photos {outcome.photos_uploaded}"
                )
                for r in rejected:
                    print(f"  rejected #{r.mutation_id} {r.kind}: {r.reason}")
                if outcome.error:
                    print(f"error: {outcome.error}", file=sys.stderr)
            return EXIT_FAIL if outcome.error else EXIT_OK
        return _run_forever(client, as_json=args.json)


def _run_forever(client: Any, *, as_json: bool) -> int:
    done = threading.Event()

    def show(status: Any) -> None:
        row = dataclasses.asdict(status)
        if as_json:
            print(json.dumps(row, default=str), flush=True)
        else:
            state = "online" if status.online else "offline"
            print(
                f"{datetime.now(UTC):%H:%M:%S} {state} pending {status.pending} rejected "
                f"{status.rejected} cursor {status.cursor} {status.last_error}",
                flush=True,
            )

    client._on_status = show
    previous = signal.signal(signal.SIGTERM, lambda *_: done.set())
    client.start()
    try:
        while not done.wait(1.0):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        client.stop()
        signal.signal(signal.SIGTERM, previous)
    return EXIT_OK


# -- station hub ---------------------------------------------------------------------------------


def _hub_db_url(args: argparse.Namespace) -> str:
    if args.db:
        return str(args.db)
    if os.environ.get(HUB_DB_ENV):
        return os.environ[HUB_DB_ENV]
    config = _config(args)
    config.paths.ensure()
    return f"sqlite:///{config.paths.home / 'hub.db'}"


def cmd_hub(args: argparse.Namespace) -> int:
    action = getattr(args, "hub_action", None)
    url = _hub_db_url(args)
    if action == "openapi":
        from sync.hub.app import create_app

        print(json.dumps(create_app(url).openapi(), indent=2, sort_keys=True))
        return EXIT_OK
    from sync.hub import service
    from sync.hub.db import HubDatabase

    db = HubDatabase(url)
    try:
        if action == "issue-code":
            code = service.issue_code(db, args.station, ttl_hours=args.ttl_hours)
            print(code.code)
            until = f"{code.expires_at:%Y-%m-%d %H:%M}"
            print(
                f"one-time code for {code.station}, valid until {until} UTC: "
                f"station enroll --hub URL --code {code.code}",
                file=sys.stderr,
            )
            return EXIT_OK
        if action == "create-token":
            print(service.create_api_token(db, args.role, args.name))
            print(f"{args.role} token created; it is shown once and stored hashed", file=sys.stderr)
            return EXIT_OK
        if action == "prune":
            from datetime import timedelta

            removed = service.prune_changes(db, keep=timedelta(days=args.keep_days))
            print(f"removed {removed} change-log entries older than {args.keep_days} days")
            return EXIT_OK
    finally:
        db.close()
    return serve(url, args.host, args.port)


def serve(url: str, host: str, port: int) -> int:
    import uvicorn

    from sync.hub.app import create_app

    app = create_app(url)
    print(f"hub on http://{host}:{port} (database {app.state.db.dialect})", file=sys.stderr)
    uvicorn.run(app, host=host, port=port, log_level="warning")
    return EXIT_OK


# -- registration --------------------------------------------------------------------------------


def add_sync_parsers(sub: Any) -> None:
    """Register ``enroll``, ``sync`` and ``hub`` on the launcher's subparsers."""

    def config_arg(p: argparse.ArgumentParser, *, nested: bool = False) -> None:
        # On hub actions the option may come before or after the action name; SUPPRESS
        # keeps an absent nested option from overwriting the one given before.
        extra: dict[str, Any] = {"default": argparse.SUPPRESS} if nested else {}
        p.add_argument("--config", metavar="FILE", help="station TOML config", **extra)
        if nested:
            p.add_argument("--db", metavar="URL", help="hub database URL", **extra)

    p = sub.add_parser(
        "enroll",
        help="enroll this station with the hub (one-time code)",
        description="Exchange a one-time code from IT for this station's token.",
    )
    config_arg(p)
    p.add_argument("--hub", required=True, metavar="URL", help="e.g. https://hub.example:8443")
    p.add_argument("--code", required=True, metavar="CODE")
    p.set_defaults(func=cmd_enroll)

    p = sub.add_parser(
        "sync",
        help="push the outbox and pull central changes",
        description="Sync with the hub: once, or until stopped (Ctrl-C).",
    )
    config_arg(p)
    p.add_argument("--once", action="store_true", help="push, pull and upload photos once")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_sync)

    hub = sub.add_parser(
        "hub",
        help="run the reference central hub, or administer it",
        description="Run the hub (HTTP API) or one of its admin actions.",
    )
    config_arg(hub)
    hub.add_argument(
        "--db",
        metavar="URL",
        help=f"sqlite:///FILE or postgresql://USER@HOST/DB (default: ${HUB_DB_ENV} "
        "or hub.db in the station home)",
    )
    hub.add_argument("--host", default="127.0.0.1")
    hub.add_argument("--port", type=int, default=8750)
    hub.set_defaults(func=cmd_hub, hub_action=None)
    actions = hub.add_subparsers(dest="hub_action", metavar="ACTION")
    a = actions.add_parser("issue-code", help="print a one-time enrollment code for a station")
    config_arg(a, nested=True)
    a.add_argument("--station", required=True, metavar="NAME")
    a.add_argument("--ttl-hours", type=float, default=24.0)
    a.set_defaults(func=cmd_hub)
    a = actions.add_parser("create-token", help="print an API token for admins or integrations")
    config_arg(a, nested=True)
    a.add_argument("--role", required=True, choices=("admin", "integration"))
    a.add_argument("--name", default="", help="who or what uses it, e.g. wms")
    a.set_defaults(func=cmd_hub)
    a = actions.add_parser("prune", help="drop change-log entries older than N days")
    config_arg(a, nested=True)
    a.add_argument("--keep-days", type=float, default=30.0)
    a.set_defaults(func=cmd_hub)
    a = actions.add_parser("openapi", help="print the hub's OpenAPI description (JSON)")
    config_arg(a, nested=True)
    a.set_defaults(func=cmd_hub)


# -- doctor ---------------------------------------------------------------------------------------


def doctor_checks(config: StationConfig) -> list[Check]:
    """Is the station enrolled, the hub reachable and speaking our schema, the queue moving?"""
    from station.storage.db import DatabaseError
    from sync.client import HubApi, HubError, UpdateNeeded

    try:
        with Database(config.db_url, lock=False) as db:
            link = hub_link(config, db)
            with db.sessions() as session:
                stats = local.queue_stats(session)
    except (DatabaseError, OSError, Exception) as exc:  # any database trouble is reported
        return [
            Check(
                "hub", False, f"cannot read sync state: {exc}", "fix the database check above first"
            )
        ]
    if link is None:
        if config.hub_url:
            return [
                Check(
                    "hub",
                    False,
                    f"{config.hub_url} configured but not enrolled",
                    "run `station enroll --hub URL --code CODE` with a code from IT",
                )
            ]
        return [Check("hub", True, "no hub configured: this station works standalone")]
    checks: list[Check] = []
    if not link.verify_tls:
        checks.append(
            Check(
                "hub TLS",
                False,
                "[hub] verify_tls = false: certificates are not checked",
                "install the hub's CA and remove verify_tls",
            )
        )
    api = HubApi(
        link.url, link.token, verify_tls=link.verify_tls, connect_timeout_s=3.0, read_timeout_s=5.0
    )
    try:
        api.health()
        who = api.whoami()
        checks.append(Check("hub", True, f"{link.url} reachable; enrolled as {who.name}"))
    except UpdateNeeded as exc:
        checks.append(Check("hub", False, str(exc), "update the station software"))
    except HubError as exc:
        checks.append(
            Check(
                "hub",
                False,
                f"{link.url}: {exc}",
                "check the network and the hub; or enroll again if the token was refused",
            )
        )
    finally:
        api.close()
    age = None
    if stats.oldest_pending_at is not None:
        age = (datetime.now(UTC) - stats.oldest_pending_at).total_seconds()
    stuck = age is not None and age > 300
    checks.append(
        Check(
            "sync queue",
            not stuck and stats.rejected == 0,
            f"{stats.pending} pending"
            + (f" (oldest {age / 60:.0f} min)" if age else "")
            + f", {stats.rejected} rejected",
            "run `station sync --once` and read the errors; rejected mutations are kept for a "
            "lead on both sides"
            if stuck or stats.rejected
            else "",
        )
    )
    return checks
