"""Bench input events: the vocabulary shared by the UI, the devices and `station replay`.

One JSON object per event (DESIGN §4). ``parse_event`` turns a decoded JSON object into a
frozen event or raises :class:`EventError` with a message a person can act on.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from typing import Any


class EventError(ValueError):
    """A malformed input event."""


@dataclasses.dataclass(frozen=True, slots=True)
class Login:
    badge: str
    pin: str


@dataclasses.dataclass(frozen=True, slots=True)
class Logout:
    pass


@dataclasses.dataclass(frozen=True, slots=True)
class Scan:
    data: str  # raw scanner text: AIM prefix and GS separators included


@dataclasses.dataclass(frozen=True, slots=True)
class Rfid:
    epc: str


@dataclasses.dataclass(frozen=True, slots=True)
class Weight:
    grams: float | None
    stable: bool


@dataclasses.dataclass(frozen=True, slots=True)
class Answer:
    question: str
    value: str


@dataclasses.dataclass(frozen=True, slots=True)
class Photo:
    path: str


@dataclasses.dataclass(frozen=True, slots=True)
class ChooseDisposition:
    code: str
    reason: str


@dataclasses.dataclass(frozen=True, slots=True)
class Confirm:
    pass


@dataclasses.dataclass(frozen=True, slots=True)
class Cancel:
    pass


@dataclasses.dataclass(frozen=True, slots=True)
class Escalate:
    reason: str


@dataclasses.dataclass(frozen=True, slots=True)
class Approve:
    badge: str
    pin: str


@dataclasses.dataclass(frozen=True, slots=True)
class Deny:
    badge: str
    pin: str


@dataclasses.dataclass(frozen=True, slots=True)
class OpenHeld:
    """Load a parked (held) unit by its LPN so a lead can decide it."""

    lpn: str


BenchEvent = (
    Login
    | Logout
    | Scan
    | Rfid
    | Weight
    | Answer
    | Photo
    | ChooseDisposition
    | Confirm
    | Cancel
    | Escalate
    | Approve
    | Deny
    | OpenHeld
)


def _str(obj: Mapping[str, Any], key: str, *, required: bool = True, limit: int = 4096) -> str:
    value = obj.get(key)
    if value is None:
        if required:
            raise EventError(f"'{obj.get('type')}' needs \"{key}\"")
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise EventError(f'"{key}" must be text, got {type(value).__name__}')
    text = str(value)
    if len(text) > limit:
        raise EventError(f'"{key}" is longer than {limit} characters')
    return text


def parse_event(obj: Any) -> BenchEvent:
    """Validate one decoded JSON object and build the event it describes."""
    if not isinstance(obj, Mapping):
        raise EventError("an event must be a JSON object")
    kind = obj.get("type")
    match kind:
        case "login":
            return Login(badge=_str(obj, "badge"), pin=_str(obj, "pin"))
        case "logout":
            return Logout()
        case "scan":
            return Scan(data=_str(obj, "data"))
        case "rfid":
            return Rfid(epc=_str(obj, "epc", limit=128))
        case "weight":
            grams = obj.get("grams")
            if grams is not None and (
                isinstance(grams, bool)
                or not isinstance(grams, int | float)
                or not math.isfinite(grams)
            ):
                raise EventError('"grams" must be a number or null')
            stable = obj.get("stable", True)
            if not isinstance(stable, bool):
                raise EventError('"stable" must be true or false')
            return Weight(grams=None if grams is None else float(grams), stable=stable)
        case "answer":
            return Answer(question=_str(obj, "question"), value=_str(obj, "value"))
        case "photo":
            return Photo(path=_str(obj, "path"))
        case "disposition":
            return ChooseDisposition(
                code=_str(obj, "code"), reason=_str(obj, "reason", required=False)
            )
        case "confirm":
            return Confirm()
        case "cancel":
            return Cancel()
        case "escalate":
            return Escalate(reason=_str(obj, "reason", required=False))
        case "approve":
            return Approve(badge=_str(obj, "badge"), pin=_str(obj, "pin"))
        case "deny":
            return Deny(badge=_str(obj, "badge"), pin=_str(obj, "pin"))
        case "open_held":
            return OpenHeld(lpn=_str(obj, "lpn"))
        case None:
            raise EventError('missing "type"')
        case _:
            raise EventError(f"unknown event type {kind!r}")
