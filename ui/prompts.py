"""Translating the core's English prompts: a message catalog keyed on the prompt templates.

The workflow (Qt-free, shared with ``station replay``) writes its prompts and errors in
English with values filled in. Each sentence it can produce is listed here as a template;
a prompt is matched against the templates, the template is translated through the
``CorePrompt`` context and the values are put back. Values that are themselves words of the
vocabulary (a disposition, a photo slot, a policy sentence, a nested prompt) are translated
too. A prompt no template matches is shown as it came (English) and logged once, and the
UI test suite fails when a prompt seen during the end-to-end flows has no template.
"""

from __future__ import annotations

import functools
import logging
import re
import string

from PySide6.QtCore import QCoreApplication

from ui import vocab
from ui.i18n import QT_TRANSLATE_NOOP

log = logging.getLogger(__name__)

CONTEXT = "CorePrompt"

# Order matters: the first template whose pattern matches the whole prompt wins, so the
# more specific of two similar sentences comes first.
TEMPLATES: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("CorePrompt", "Scan your badge to log in."),
    QT_TRANSLATE_NOOP("CorePrompt", "Badge {badge}: type your PIN and press Enter."),
    QT_TRANSLATE_NOOP("CorePrompt", "Log in first: scan your badge and enter your PIN."),
    QT_TRANSLATE_NOOP("CorePrompt", "Cancelled. Scan the next parcel or item."),
    QT_TRANSLATE_NOOP("CorePrompt", "Nothing to escalate: scan a parcel or item first."),
    QT_TRANSLATE_NOOP(
        "CorePrompt", "Welcome {name}. Scan an RMA, order, tracking number or the item."
    ),
    QT_TRANSLATE_NOOP(
        "CorePrompt", "Badge or PIN not recognised. Scan your badge and try the PIN again."
    ),
    QT_TRANSLATE_NOOP("CorePrompt", "Unreadable scan ({reason}). Scan again."),
    QT_TRANSLATE_NOOP(
        "CorePrompt",
        "Decide the hold first: a lead approves or denies, or press Enter to park the unit.",
    ),
    QT_TRANSLATE_NOOP("CorePrompt", "{lpn} is not a unit of this station."),
    QT_TRANSLATE_NOOP(
        "CorePrompt",
        "{lpn} was already inspected: grade {grade}, {disposition}. Scan the next parcel.",
    ),
    QT_TRANSLATE_NOOP(
        "CorePrompt",
        "No return authorisation found for {kind} {code}. Scan the "
        "item itself to handle it as an unexpected item.",
    ),
    QT_TRANSLATE_NOOP("CorePrompt", "No return authorisation for {code}."),
    QT_TRANSLATE_NOOP(
        "CorePrompt",
        "Product {code} is not in the catalog. Scan another barcode on the item, or escalate (F9).",
    ),
    QT_TRANSLATE_NOOP(
        "CorePrompt",
        "That is a license plate of an inspected unit. Finish or cancel (Esc) this unit first.",
    ),
    QT_TRANSLATE_NOOP("CorePrompt", "Badge scanned: leads approve holds at the hold screen."),
    QT_TRANSLATE_NOOP("CorePrompt", "Code {code} is not a known product, serial or RMA."),
    QT_TRANSLATE_NOOP(
        "CorePrompt",
        "Unknown code. Scan the product barcode or the RMA label; "
        "Enter: continue as unexpected item.",
    ),
    QT_TRANSLATE_NOOP("CorePrompt", "Scan the product barcode (GTIN/UPC) on the item."),
    QT_TRANSLATE_NOOP(
        "CorePrompt", "Scan the serial number of the item. Enter: continue without serial."
    ),
    QT_TRANSLATE_NOOP(
        "CorePrompt", "Place the item on the scale. Enter: continue without weighing."
    ),
    QT_TRANSLATE_NOOP("CorePrompt", "Press Enter to start the checklist."),
    QT_TRANSLATE_NOOP("CorePrompt", "Scale in motion: wait until it settles."),
    QT_TRANSLATE_NOOP("CorePrompt", "{question}  Y: yes   N: no"),
    QT_TRANSLATE_NOOP("CorePrompt", "{question}  {options}"),
    QT_TRANSLATE_NOOP("CorePrompt", "Take photo: {slot} ({number} of {total})."),
    QT_TRANSLATE_NOOP(
        "CorePrompt", "Override to {disposition}: {reason}. Enter: confirm and print the label."
    ),
    QT_TRANSLATE_NOOP("CorePrompt", "Enter: confirm."),
    QT_TRANSLATE_NOOP(
        "CorePrompt",
        "Suggested: {disposition} — {explanation} The unit will be "
        "held for a lead. Enter: confirm, D: choose another "
        "disposition.",
    ),
    QT_TRANSLATE_NOOP(
        "CorePrompt",
        "Suggested: {disposition} — {explanation} Enter: confirm, D: choose another disposition.",
    ),
    QT_TRANSLATE_NOOP("CorePrompt", "{question} Press Y or N."),
    QT_TRANSLATE_NOOP("CorePrompt", "{question} Press 1 to {count}."),
    QT_TRANSLATE_NOOP("CorePrompt", "No checklist question is open."),
    QT_TRANSLATE_NOOP("CorePrompt", "Unknown checklist question {code}."),
    QT_TRANSLATE_NOOP("CorePrompt", "Scan an item before taking photos."),
    QT_TRANSLATE_NOOP("CorePrompt", "Photo not stored: {reason}"),
    QT_TRANSLATE_NOOP("CorePrompt", "Choose a disposition after the checklist and photos."),
    QT_TRANSLATE_NOOP("CorePrompt", "Unknown disposition {code}; one of: {choices}."),
    QT_TRANSLATE_NOOP("CorePrompt", "An override needs a reason: type why and press Enter."),
    QT_TRANSLATE_NOOP("CorePrompt", "Nothing to confirm: scan a parcel or item."),
    QT_TRANSLATE_NOOP("CorePrompt", "Answer the question first: {question}"),
    QT_TRANSLATE_NOOP("CorePrompt", "Take the {slot} photo first."),
    QT_TRANSLATE_NOOP("CorePrompt", "Nothing to confirm."),
    QT_TRANSLATE_NOOP(
        "CorePrompt",
        "Hold for a lead: {reasons} Lead: scan badge and enter PIN to "
        "approve or deny. Enter: park the unit on the hold shelf "
        "and continue.",
    ),
    QT_TRANSLATE_NOOP("CorePrompt", "No unit is waiting for a lead decision here."),
    QT_TRANSLATE_NOOP("CorePrompt", "Lead badge or PIN not recognised."),
    QT_TRANSLATE_NOOP("CorePrompt", "{name} is not a lead: a lead must approve or deny holds."),
    QT_TRANSLATE_NOOP("CorePrompt", "{lpn} is not on hold."),
    QT_TRANSLATE_NOOP("CorePrompt", "{lpn} stays on hold. Scan the next parcel."),
    QT_TRANSLATE_NOOP(
        "CorePrompt", "{lpn} parked on hold. Label printing. Scan the next parcel or item."
    ),
    QT_TRANSLATE_NOOP("CorePrompt", "{lpn} done. Label printing. Scan the next parcel or item."),
    QT_TRANSLATE_NOOP(
        "CorePrompt", "{lpn} {disposition}. Label printing. Scan the next parcel or item."
    ),
    QT_TRANSLATE_NOOP("CorePrompt", "{state} by {name}. {prompt}"),
    QT_TRANSLATE_NOOP("CorePrompt", "Unsupported event {code}."),
)

# How a placeholder's value is itself translated, by placeholder name.
_VALUE_TRANSLATORS = {
    "prompt": lambda v: translate_prompt(v),
    "disposition": vocab.disposition_name,
    "slot": vocab.policy_text,
    "question": vocab.policy_text,
    "explanation": vocab.policy_text,
    "reasons": lambda v: "; ".join(vocab.policy_text(part) for part in v.split("; ")),
    "state": vocab.hold_state_name,
    "options": lambda v: _translate_options(v),
}


def _translate_options(options: str) -> str:
    """``1: no damage   2: scratches`` with each option's words translated."""
    out = []
    for option in options.split("   "):
        key, sep, words = option.partition(": ")
        out.append(f"{key}{sep}{vocab.policy_text(words)}" if sep else option)
    return "   ".join(out)


@functools.cache
def _patterns() -> tuple[tuple[str, re.Pattern[str], tuple[str, ...]], ...]:
    compiled = []
    for template in TEMPLATES:
        parts: list[str] = []
        names: list[str] = []
        for literal, field, _spec, _conv in string.Formatter().parse(template):
            parts.append(re.escape(literal))
            if field is not None:
                names.append(field)
                parts.append(f"(?P<{field}>.+)" if field == "prompt" else f"(?P<{field}>.+?)")
        compiled.append((template, re.compile("".join(parts), re.DOTALL), tuple(names)))
    return tuple(compiled)


def match(prompt: str) -> tuple[str, dict[str, str]] | None:
    """The template a core prompt was made from and its values, or None."""
    for template, pattern, _names in _patterns():
        found = pattern.fullmatch(prompt)
        if found is not None:
            return template, found.groupdict()
    return None


_unmatched: set[str] = set()


def translate_prompt(prompt: str) -> str:
    """The prompt in the current UI language (English when no template matches)."""
    if not prompt:
        return prompt
    found = match(prompt)
    if found is None:
        if prompt not in _unmatched:
            _unmatched.add(prompt)
            log.info("no translation template for core prompt %r", prompt)
        return prompt
    template, values = found
    translated_values = {
        name: _VALUE_TRANSLATORS.get(name, lambda v: v)(value) for name, value in values.items()
    }
    text = QCoreApplication.translate(CONTEXT, template)
    try:
        return text.format(**translated_values)
    except (KeyError, IndexError, ValueError):
        log.warning("translation of %r has broken placeholders", template)
        return template.format(**translated_values)


def unmatched() -> frozenset[str]:
    """Prompts seen since start that no template matched (the test suite checks this)."""
    return frozenset(_unmatched)
