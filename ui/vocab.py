"""Display names of the warehouse vocabulary (steps, dispositions, grades, refunds, reasons).

The core speaks in stable codes (``resell_open_box``, ``B``, ``store_credit``); screens show
these names, translated through the ``Vocabulary`` context of the Qt Linguist catalogs.
Policy sentences (checklist questions, explanations) go through the ``Policy`` context.
"""

from __future__ import annotations

import functools
import re
import string

from PySide6.QtCore import QCoreApplication, QLocale

from ui.i18n import QT_TRANSLATE_NOOP

STEPS = {
    "identify": QT_TRANSLATE_NOOP("Vocabulary", "Identify"),
    "verify": QT_TRANSLATE_NOOP("Vocabulary", "Verify"),
    "grade": QT_TRANSLATE_NOOP("Vocabulary", "Grade"),
    "photos": QT_TRANSLATE_NOOP("Vocabulary", "Photos"),
    "disposition": QT_TRANSLATE_NOOP("Vocabulary", "Disposition"),
    "label": QT_TRANSLATE_NOOP("Vocabulary", "Label"),
    "hold": QT_TRANSLATE_NOOP("Vocabulary", "Hold"),
    "login": QT_TRANSLATE_NOOP("Vocabulary", "Log in"),
}

DISPOSITIONS = {
    "restock": QT_TRANSLATE_NOOP("Vocabulary", "restock"),
    "refurbish": QT_TRANSLATE_NOOP("Vocabulary", "refurbish"),
    "resell_open_box": QT_TRANSLATE_NOOP("Vocabulary", "resell open box"),
    "liquidate": QT_TRANSLATE_NOOP("Vocabulary", "liquidate"),
    "donate": QT_TRANSLATE_NOOP("Vocabulary", "donate"),
    "recycle": QT_TRANSLATE_NOOP("Vocabulary", "recycle"),
    "write_off": QT_TRANSLATE_NOOP("Vocabulary", "write off"),
    "return_to_vendor": QT_TRANSLATE_NOOP("Vocabulary", "return to vendor"),
}

GRADES = {
    "A": QT_TRANSLATE_NOOP("Vocabulary", "A like new"),
    "B": QT_TRANSLATE_NOOP("Vocabulary", "B good"),
    "C": QT_TRANSLATE_NOOP("Vocabulary", "C fair"),
    "D": QT_TRANSLATE_NOOP("Vocabulary", "D parts/salvage"),
    "X": QT_TRANSLATE_NOOP("Vocabulary", "X unsellable"),
}

REFUNDS = {
    "full_refund": QT_TRANSLATE_NOOP("Vocabulary", "full refund"),
    "refund_less_fee": QT_TRANSLATE_NOOP("Vocabulary", "refund less restocking fee"),
    "store_credit": QT_TRANSLATE_NOOP("Vocabulary", "store credit"),
    "exchange": QT_TRANSLATE_NOOP("Vocabulary", "exchange"),
    "deny": QT_TRANSLATE_NOOP("Vocabulary", "deny refund"),
}

REASONS = {
    "defective": QT_TRANSLATE_NOOP("Vocabulary", "defective"),
    "not_as_described": QT_TRANSLATE_NOOP("Vocabulary", "not as described"),
    "wrong_item": QT_TRANSLATE_NOOP("Vocabulary", "wrong item"),
    "size_mismatch": QT_TRANSLATE_NOOP("Vocabulary", "size mismatch"),
    "color_mismatch": QT_TRANSLATE_NOOP("Vocabulary", "colour mismatch"),
    "fulfillment_error": QT_TRANSLATE_NOOP("Vocabulary", "fulfilment error"),
    "damaged_in_transit": QT_TRANSLATE_NOOP("Vocabulary", "damaged in transit"),
    "no_longer_needed": QT_TRANSLATE_NOOP("Vocabulary", "no longer needed"),
}

HOLD_STATES = {
    "approved": QT_TRANSLATE_NOOP("Vocabulary", "Approved"),
    "denied": QT_TRANSLATE_NOOP("Vocabulary", "Denied"),
    "held": QT_TRANSLATE_NOOP("Vocabulary", "Held"),
}

DEVICE_STATES = {
    "connected": QT_TRANSLATE_NOOP("Vocabulary", "connected"),
    "disconnected": QT_TRANSLATE_NOOP("Vocabulary", "disconnected"),
    "error": QT_TRANSLATE_NOOP("Vocabulary", "error"),
    "ready": QT_TRANSLATE_NOOP("Vocabulary", "ready"),
    "simulated": QT_TRANSLATE_NOOP("Vocabulary", "simulated"),
    "live": QT_TRANSLATE_NOOP("Vocabulary", "live"),
    "folder": QT_TRANSLATE_NOOP("Vocabulary", "folder"),
    "test pattern": QT_TRANSLATE_NOOP("Vocabulary", "test pattern"),
    "": QT_TRANSLATE_NOOP("Vocabulary", "none"),
}

ANSWERS = {
    "yes": QT_TRANSLATE_NOOP("Vocabulary", "yes"),
    "no": QT_TRANSLATE_NOOP("Vocabulary", "no"),
}


def _lookup(table: dict[str, str], code: str | None) -> str:
    if not code:
        return ""
    key = code.strip()
    english = table.get(key) or table.get(key.replace(" ", "_")) or table.get(key.lower())
    if english is None:
        return policy_text(key.replace("_", " "))
    return QCoreApplication.translate("Vocabulary", english)


def step_name(code: str) -> str:
    return _lookup(STEPS, code)


def disposition_name(code: str | None) -> str:
    return _lookup(DISPOSITIONS, code)


def grade_name(code: str | None) -> str:
    return _lookup(GRADES, code)


def refund_name(code: str | None) -> str:
    return _lookup(REFUNDS, code)


def reason_name(code: str | None) -> str:
    return _lookup(REASONS, code)


def hold_state_name(code: str) -> str:
    return _lookup(HOLD_STATES, code.lower())


def device_state_name(state: str) -> str:
    """A device state word; printer faults and other driver words pass through as they are."""
    english = DEVICE_STATES.get(state)
    return QCoreApplication.translate("Vocabulary", english) if english is not None else state


def answer_name(code: str) -> str:
    return _lookup(ANSWERS, code)


def policy_text(text: str) -> str:
    """A sentence or word from the policy files, translated.

    Questions, options and photo slots are translated as they are. Explanations and
    destinations reach the screen filled in ("Grade A electronics worth €120.00 …"): the
    template they were made from is found, translated, and filled with its values, each
    value translated in turn where it is a word of the policy or the vocabulary.
    """
    if not text:
        return text
    translated = QCoreApplication.translate("Policy", text)
    if translated != text:
        return translated
    return _filled_in(text, QLocale().name())


@functools.lru_cache(maxsize=2048)
def _filled_in(text: str, _language: str) -> str:
    """``text`` translated through its policy template; unchanged when none matches."""
    for template, pattern in _template_patterns():
        found = pattern.fullmatch(text)
        if found is None:
            continue
        own = QCoreApplication.translate("Policy", template)
        if own == template:
            return text  # no translation of this template (or English): keep the original
        values = {name: _policy_value(name, value) for name, value in found.groupdict().items()}
        try:
            return own.format_map(values)
        except (KeyError, IndexError, ValueError):
            return text  # a translation that lost a placeholder must not break the screen
    return text


# Placeholders whose values are a known set: they must not swallow a neighbour's words
# ("{deviation_g} {weight_status}" is "141 g under", not "141" and "g under").
_VALUE_PATTERNS = {"weight_status": "ok|under|over", "grade": "[A-Z]"}


@functools.cache
def _template_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    from ui.policy_strings import POLICY_TEMPLATES

    compiled = []
    # Longest first: a template that is a prefix of another must not win by accident.
    for template in sorted(POLICY_TEMPLATES, key=len, reverse=True):
        parts: list[str] = []
        seen: set[str] = set()
        for literal, field, _spec, _conv in string.Formatter().parse(template):
            parts.append(re.escape(literal))
            if field is None:
                continue
            if field in seen:  # the same value twice: a back-reference
                parts.append(f"(?P={field})")
            else:
                seen.add(field)
                parts.append(f"(?P<{field}>{_VALUE_PATTERNS.get(field, '.+?')})")
        compiled.append((template, re.compile("".join(parts), re.DOTALL)))
    return tuple(compiled)


def _policy_value(name: str, value: str) -> str:
    """A placeholder's value in the current language."""
    if name == "reason":
        return reason_name(value.replace(" ", "_"))
    if name == "disposition":
        return disposition_name(value.replace(" ", "_"))
    if name == "refund":
        return refund_name(value.replace(" ", "_"))
    if name == "code_texts":
        # Damage codes' texts, first letter lowered, joined by ", ".
        comma = "、" if QLocale().language() == QLocale.Language.Chinese else ", "
        return comma.join(_code_text(part) for part in value.split(", "))
    translated = QCoreApplication.translate("Policy", value)
    if translated != value:
        return translated
    return policy_text(value) if "{" not in value and len(value) > 12 else value


def _code_text(part: str) -> str:
    capital = part[:1].upper() + part[1:]
    translated = QCoreApplication.translate("Policy", capital)
    if translated == capital:
        return QCoreApplication.translate("Policy", part)
    # Lower the first letter back where the language has cases (not in Chinese).
    return translated[:1].lower() + translated[1:] if translated[:1].isupper() else translated
