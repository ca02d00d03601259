"""Reading and writing the station's TOML config as plain data (no pickled Qt settings).

The file stays the one ``station.config.load_config`` reads; a change is validated by
loading the new text with the core's own loader before it replaces the file, so the UI can
never save a config the station would refuse at its next start.
"""

from __future__ import annotations

import os
import tempfile
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from station.config import StationPaths, load_config


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        escaped = value.replace("\\", "\\\\").replace('"', '\\"')
        escaped = "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in escaped)
        return f'"{escaped}"'
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} to TOML")


def dumps(data: Mapping[str, Any]) -> str:
    """TOML text for tables of scalars, one level of sub-tables ([devices.scanner])."""
    lines: list[str] = []

    def table(name: str, body: Mapping[str, Any]) -> None:
        scalars = {k: v for k, v in body.items() if not isinstance(v, Mapping)}
        subs = {k: v for k, v in body.items() if isinstance(v, Mapping)}
        if scalars or not subs:
            lines.append(f"[{name}]")
            lines.extend(f"{k} = {_value(v)}" for k, v in scalars.items())
            lines.append("")
        for sub, sub_body in subs.items():
            table(f"{name}.{sub}", sub_body)

    for name, body in data.items():
        if not isinstance(body, Mapping):
            raise TypeError(f"top-level key {name!r} must be a table")
        table(name, body)
    return "\n".join(lines)


def read(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    return tomllib.loads(path.read_text(encoding="utf-8"))


def write(path: Path, data: Mapping[str, Any], paths: StationPaths) -> None:
    """Validate with the core loader, then replace the file atomically."""
    text = dumps(data)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".station-", suffix=".toml", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        load_config(Path(tmp), paths=paths)  # raises ConfigError naming the bad key
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
