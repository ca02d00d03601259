"""Station configuration (TOML) and the folders where a station keeps what it writes.

Every path the station writes to derives from one home folder: ``$STATION_HOME`` when set
(tests, training PCs, portable installs), otherwise the platform's user data folder.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

import platformdirs

APP_NAME = "returns-bench-station"
CONFIG_SCHEMA_VERSION = 1


class ConfigError(Exception):
    """The configuration file is unreadable or has a bad value; the message names the key."""


@dataclasses.dataclass(frozen=True, slots=True)
class StationPaths:
    """Where this station keeps its database, photos, labels, logs and default config."""

    home: Path

    @classmethod
    def resolve(cls) -> StationPaths:
        env = os.environ.get("STATION_HOME")
        if env:
            return cls(Path(env).expanduser().resolve())
        return cls(Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)))

    @property
    def database(self) -> Path:
        return self.home / "station.db"

    @property
    def photos(self) -> Path:
        return self.home / "photos"

    @property
    def labels(self) -> Path:
        return self.home / "labels"

    @property
    def logs(self) -> Path:
        return self.home / "logs"

    @property
    def config_file(self) -> Path:
        return self.home / "station.toml"

    def ensure(self) -> None:
        for folder in (self.home, self.photos, self.labels, self.logs):
            folder.mkdir(parents=True, exist_ok=True)


@dataclasses.dataclass(frozen=True, slots=True)
class StationConfig:
    """The loaded configuration. Device tables are kept raw: each driver validates its own."""

    paths: StationPaths
    station_id: str = "bench-01"
    station_name: str = "Bench 1"
    site: str = "DC-1"
    station_number: int = 1  # 0..999, part of every LPN this station issues
    database_url: str = ""  # empty: SQLite file in the station home
    policy_dir: Path | None = None  # None: the policy shipped in resources/policy
    label_dpi: int = 203
    language: str = "en"
    hub_url: str = ""
    hub_verify_tls: bool = True
    devices: Mapping[str, Mapping[str, Any]] = dataclasses.field(
        default_factory=lambda: MappingProxyType({})
    )
    source: Path | None = None  # the file this was read from, if any

    @property
    def db_url(self) -> str:
        return self.database_url or f"sqlite:///{self.paths.database}"


_KNOWN = {
    "station": {"id", "name", "site", "number"},
    "database": {"url"},
    "policy": {"dir"},
    "labels": {"dpi"},
    "ui": {"language"},
    "hub": {"url", "verify_tls"},
}


def _get(table: Mapping[str, Any], section: str, key: str, kind: type, default: Any) -> Any:
    if key not in table:
        return default
    value = table[key]
    if kind is int and isinstance(value, bool):
        raise ConfigError(f"[{section}] {key}: expected an integer, got {value!r}")
    if not isinstance(value, kind):
        raise ConfigError(f"[{section}] {key}: expected {kind.__name__}, got {value!r}")
    return value


def load_config(path: Path | None = None, *, paths: StationPaths | None = None) -> StationConfig:
    """Read the TOML file at ``path`` (or the home's ``station.toml`` when it exists).

    A missing default file gives the defaults; a named file that is missing is an error.
    """
    paths = paths or StationPaths.resolve()
    source = path
    if source is None and paths.config_file.exists():
        source = paths.config_file
    if source is None:
        return StationConfig(paths=paths)
    try:
        data = tomllib.loads(Path(source).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"{source}: file not found") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source}: not valid TOML: {exc}") from exc
    try:
        return _from_mapping(data, paths, Path(source))
    except ConfigError as exc:
        raise ConfigError(f"{source}: {exc}") from exc


def _from_mapping(data: Mapping[str, Any], paths: StationPaths, source: Path) -> StationConfig:
    for section, table in data.items():
        if section == "devices":
            continue
        if section not in _KNOWN:
            raise ConfigError(f"[{section}]: unknown section (known: {', '.join(sorted(_KNOWN))})")
        if not isinstance(table, Mapping):
            raise ConfigError(f"{section}: expected a [table]")
        for key in table:
            if key not in _KNOWN[section]:
                raise ConfigError(f"[{section}] {key}: unknown key")
    station = data.get("station", {})
    number = _get(station, "station", "number", int, 1)
    if not 0 <= number <= 999:
        raise ConfigError(f"[station] number: must be 0..999, got {number}")
    dpi = _get(data.get("labels", {}), "labels", "dpi", int, 203)
    if dpi not in (203, 300):
        raise ConfigError(f"[labels] dpi: must be 203 or 300, got {dpi}")
    policy_dir = _get(data.get("policy", {}), "policy", "dir", str, "")
    devices = data.get("devices", {})
    if not isinstance(devices, Mapping) or not all(
        isinstance(v, Mapping) for v in devices.values()
    ):
        raise ConfigError("[devices]: expected tables like [devices.scanner]")
    hub = data.get("hub", {})
    return StationConfig(
        paths=paths,
        station_id=_get(station, "station", "id", str, "bench-01"),
        station_name=_get(station, "station", "name", str, "Bench 1"),
        site=_get(station, "station", "site", str, "DC-1"),
        station_number=number,
        database_url=_get(data.get("database", {}), "database", "url", str, ""),
        policy_dir=(source.parent / policy_dir).resolve() if policy_dir else None,
        label_dpi=dpi,
        language=_get(data.get("ui", {}), "ui", "language", str, "en"),
        hub_url=_get(hub, "hub", "url", str, ""),
        hub_verify_tls=_get(hub, "hub", "verify_tls", bool, True),
        devices=MappingProxyType({k: MappingProxyType(dict(v)) for k, v in devices.items()}),
        source=source,
    )
