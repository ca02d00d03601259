"""Typed, key-tracking reading of parsed TOML tables, so every policy mistake names file and key.

A :class:`Table` wraps one parsed TOML table. Each accessor checks the type and records the key as
read; :meth:`Table.finish` then refuses any key nobody read, which is how a misspelt key
(``dispositon = ...``) is caught at load instead of being silently ignored.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")


class PolicyError(Exception):
    """A policy file is malformed. ``str()`` reads ``FILE: KEY: what is wrong``."""

    file: str
    key: str
    message: str

    def __init__(self, file: str, key: str, message: str) -> None:
        self.file = file
        self.key = key
        self.message = message
        super().__init__(f"{file}: {key}: {message}" if key else f"{file}: {message}")


def _type_name(value: object) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


class Table:
    """One TOML table of a policy file, read key by key with type checks."""

    def __init__(self, file: str, key: str, data: Mapping[str, object]) -> None:
        self.file = file
        self.key = key
        self._data = data
        self._read: set[str] = set()

    def path(self, name: str) -> str:
        return f"{self.key}.{name}" if self.key else name

    def error(self, name: str | None, message: str) -> PolicyError:
        return PolicyError(self.file, self.path(name) if name is not None else self.key, message)

    def has(self, name: str) -> bool:
        return name in self._data

    def _get(self, name: str, required: bool) -> object:
        self._read.add(name)
        if name not in self._data:
            if required:
                raise self.error(name, "required key is missing")
            return None
        return self._data[name]

    def text(
        self, name: str, default: str | None = None, *, pattern: re.Pattern[str] | None = None
    ) -> str:
        value = self._get(name, default is None)
        if value is None:
            assert default is not None
            return default
        if not isinstance(value, str):
            raise self.error(name, f"expected a string, found {_type_name(value)}")
        if pattern is not None and not pattern.match(value):
            raise self.error(name, f"{value!r} is not a valid name (expected {pattern.pattern})")
        if not value.strip():
            raise self.error(name, "must not be empty")
        return value

    def flag(self, name: str, default: bool | None = None) -> bool:
        value = self._get(name, default is None)
        if value is None:
            assert default is not None
            return default
        if not isinstance(value, bool):
            raise self.error(name, f"expected true or false, found {_type_name(value)}")
        return value

    def integer(self, name: str, default: int | None = None, *, low: int, high: int) -> int:
        value = self.optional_integer(name, low=low, high=high, required=default is None)
        if value is None:
            assert default is not None
            return default
        return value

    def optional_integer(
        self, name: str, *, low: int, high: int, required: bool = False
    ) -> int | None:
        value = self._get(name, required)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(name, f"expected an integer, found {_type_name(value)}")
        if not low <= value <= high:
            raise self.error(name, f"{value} is outside {low}..{high}")
        return value

    def optional_number(self, name: str) -> float | None:
        value = self._get(name, False)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.error(name, f"expected a number, found {_type_name(value)}")
        return float(value)

    def texts(
        self, name: str, *, required: bool = False, pattern: re.Pattern[str] | None = None
    ) -> tuple[str, ...]:
        value = self._get(name, required)
        if value is None:
            return ()
        if not isinstance(value, list):
            raise self.error(name, f"expected an array of strings, found {_type_name(value)}")
        out: list[str] = []
        for i, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                raise self.error(f"{name}[{i}]", "expected a non-empty string")
            if pattern is not None and not pattern.match(item):
                raise self.error(f"{name}[{i}]", f"{item!r} is not a valid name")
            if item in out:
                raise self.error(f"{name}[{i}]", f"{item!r} is listed twice")
            out.append(item)
        return tuple(out)

    def table(self, name: str, *, required: bool = False) -> Table:
        value = self._get(name, required)
        if value is None:
            return Table(self.file, self.path(name), {})
        if not isinstance(value, dict):
            raise self.error(name, f"expected a table, found {_type_name(value)}")
        return Table(self.file, self.path(name), value)

    def tables(self, name: str, *, required: bool = True) -> list[Table]:
        """An array of tables (``[[name]]``)."""
        value = self._get(name, required)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise self.error(
                name, f"expected an array of tables ([[{name}]]), found {_type_name(value)}"
            )
        if not value:
            raise self.error(name, "must not be empty")
        return [Table(self.file, f"{self.path(name)}[{i}]", v) for i, v in enumerate(value)]

    def entries(self) -> list[tuple[str, object]]:
        """All key/value pairs of a free-form table (names chosen by the policy author)."""
        self._read.update(self._data)
        return list(self._data.items())

    def finish(self) -> None:
        """Refuse keys that no accessor read: they are typos or settings this engine ignores."""
        for name in self._data:
            if name not in self._read:
                raise self.error(name, "unknown key")
