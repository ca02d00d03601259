"""Health checks of the core for `station doctor`: config, database, audit trail, policy, labels."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from station.config import ConfigError, StationPaths, load_config


@dataclasses.dataclass(frozen=True, slots=True)
class Check:
    """One line of `station doctor`: what was checked, whether it passed, and what to do."""

    name: str
    ok: bool
    detail: str
    fix: str = ""


def core_checks(config_path: Path | None, *, paths: StationPaths | None = None) -> list[Check]:
    """Config, database, audit trail, policy and labels; ``paths``: the running app's home."""
    from station import audit
    from station.labels import LabelData, render_preview_png, render_zpl
    from station.policy import Policy, PolicyError
    from station.storage.db import Database, DatabaseError, current_revision, head_revision

    checks: list[Check] = []
    try:
        config = load_config(config_path, paths=paths)
    except ConfigError as exc:
        return [Check("config", False, str(exc), "correct the named key in the config file")]
    checks.append(Check("config", True, str(config.source or "defaults (no config file)")))
    try:
        config.paths.ensure()
        with Database(config.db_url) as db:
            revision = current_revision(db.engine)
            checks.append(
                Check(
                    "database",
                    revision == head_revision(),
                    f"{config.db_url} at schema {revision}",
                    "run `station db upgrade`",
                )
            )
            with db.sessions() as session:
                problem = audit.verify(session)
            checks.append(
                Check(
                    "audit trail",
                    problem is None,
                    "intact" if problem is None else f"event {problem.seq}: {problem.message}",
                    ""
                    if problem is None
                    else "keep the database file for investigation and "
                    "call your site's IT security contact",
                )
            )
    except (DatabaseError, OSError) as exc:
        checks.append(
            Check("database", False, str(exc), "check the path and permissions of the station home")
        )
    try:
        policy = Policy.load(config.policy_dir) if config.policy_dir else Policy.default()
        checks.append(Check("policy", True, f"version {policy.version}"))
    except PolicyError as exc:
        checks.append(Check("policy", False, str(exc), "correct the named policy file and key"))
    try:
        zpl = render_zpl(
            LabelData(
                lpn="LPN0000000000",
                rma="RMA-00000",
                sku="TEST",
                description="doctor",
                grade="A",
                disposition="RESTOCK",
                destination="-",
                date="2026-01-01",
                operator="-",
                station=config.station_id,
            ),
            dpi=config.label_dpi,
        )
        render_preview_png(zpl, dpi=config.label_dpi)
        checks.append(Check("labels", True, f"templates render at {config.label_dpi} dpi"))
    except Exception as exc:  # a broken template must show up here, whatever broke
        checks.append(Check("labels", False, str(exc), "check resources/labels templates"))
    return checks
