"""Languages: complete catalogs, compiled .qm up to date, every visible string translated."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDockWidget,
    QGroupBox,
    QLabel,
    QLineEdit,
    QTabWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from station.events import Confirm, Escalate, Logout
from station.workflow import Step
from tests.ui.conftest import Bench
from tests.ui.test_inspector import _login, _wedge_scan
from ui import prompts
from ui.i18n import I18N_DIR, LANGUAGES

TRANSLATED = [lang for lang in LANGUAGES if lang != "en"]
PLACEHOLDER = re.compile(r"\{[^{}]*\}")
# Words that are the same in Dutch (or stay Latin in Chinese) and need no translation.
# Texts that change by themselves while the test runs (the print queue works in parallel).
ASYNC_TEXTS = {"QLabel#printStatus", "QLabel#labelPreview"}
SAME_WORDS = {
    "badge",
    "label",
    "printer",
    "scanner",
    "camera",
    "online",
    "offline",
    "sync",
    "rma",
    "sku",
    "pin",
    "lpn",
    "enter",
    "esc",
    "kpi",
    "kpis",
    "csv",
    "gtin",
    "upc",
    "tls",
    "url",
    "hub",
    "id",
    "demo",
    "y",
    "n",
    "a",
    "d",
    "p",
    "f2",
    "f9",
    "f12",
    "bench",
    "grade",
    "host",
    "protocol",
    "g",
    "kg",
    "h",
}


def _catalog(language: str) -> ET.Element:
    root = ET.parse(I18N_DIR / f"station_{language}.ts").getroot()
    assert root is not None
    return root


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_catalog_entry_is_translated_with_the_same_placeholders(language: str) -> None:
    problems = []
    for context in _catalog(language).iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            translation = message.find("translation")
            assert translation is not None
            text = translation.text or ""
            if not text.strip() or translation.get("type") in ("unfinished", "vanished"):
                problems.append(f"{name}: {source!r} has no {language} translation")
            elif sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(text)):
                problems.append(f"{name}: {source!r} → {text!r} changes the placeholders")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", TRANSLATED)
def test_compiled_catalog_matches_its_source(language: str, tmp_path: Path) -> None:
    tool = shutil.which("pyside6-lrelease") or str(
        Path(sys.executable).with_name("pyside6-lrelease")
    )
    built = tmp_path / f"station_{language}.qm"
    subprocess.run(
        [tool, "-silent", str(I18N_DIR / f"station_{language}.ts"), "-qm", str(built)],
        check=True,
        timeout=60,
    )
    committed = I18N_DIR / f"station_{language}.qm"
    assert committed.read_bytes() == built.read_bytes(), (
        f"{committed.name} is stale: run `python -m ui.i18n_tools release`"
    )


def test_every_core_prompt_template_is_in_the_catalogs() -> None:
    for language in TRANSLATED:
        sources = {
            m.findtext("source")
            for c in _catalog(language).iter("context")
            if c.findtext("name") == "CorePrompt"
            for m in c.iter("message")
        }
        missing = [t for t in prompts.TEMPLATES if t not in sources]
        assert not missing, f"{language}: run `python -m ui.i18n_tools update`: {missing}"


def _visible_texts(window: QWidget) -> dict[str, str]:
    """Every piece of text a person can see, keyed by where it is."""
    QApplication.processEvents()  # widgets added to a shown layout appear on the next turn
    found: dict[str, str] = {"window title": window.windowTitle()}
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or widget.property("i18n") == "data":
            continue
        where = f"{type(widget).__name__}#{widget.objectName() or id(widget)}"
        if (isinstance(widget, QLabel) and widget.text()) or (
            isinstance(widget, QAbstractButton) and widget.text()
        ):
            found[where] = widget.text()
        elif isinstance(widget, QLineEdit) and widget.placeholderText():
            found[where + ".placeholder"] = widget.placeholderText()
        elif isinstance(widget, QGroupBox) and widget.title():
            found[where + ".title"] = widget.title()
        elif isinstance(widget, QDockWidget):
            found[where + ".title"] = widget.windowTitle()
        elif isinstance(widget, QTabWidget):
            for i in range(widget.count()):
                if widget.isTabVisible(i):
                    found[f"{where}.tab{i}"] = widget.tabText(i)
        elif isinstance(widget, QComboBox):
            for i in range(widget.count()):
                found[f"{where}.item{i}"] = widget.itemText(i)
    return found


def _needs_translation(text: str) -> bool:
    words = re.findall(r"[^\W\d_]+", text.lower())
    return any(w not in SAME_WORDS for w in words if len(w) > 1 or w.isalpha())


def _untranslated(bench: Bench, qtbot: QtBot, where: str) -> list[str]:
    """Texts that stay English after switching to each translated language."""
    english = _visible_texts(bench.window)
    problems = []
    for language in TRANSLATED:
        bench.services.languages.switch(language)
        shown = _visible_texts(bench.window)
        for key, text in english.items():
            if key in ASYNC_TEXTS:
                continue  # may change between the two readings; its words are in the catalog
            if key in shown and shown[key] == text and _needs_translation(text):
                problems.append(f"[{where}/{language}] {key}: {text!r}")
        bench.services.languages.switch("en")
        again = _visible_texts(bench.window)
        changed = {k for k in english if again.get(k) != english[k] and k not in ASYNC_TEXTS}
        restored = [(k, english[k], again.get(k)) for k in changed]
        assert not changed, f"switching back did not restore English: {restored}"
    return problems


def test_every_visible_string_changes_language(bench: Bench, qtbot: QtBot) -> None:
    window = bench.window
    inspector = window.inspector
    problems = _untranslated(bench, qtbot, "login")
    _login(bench, qtbot, "B1001", "1234")
    problems += _untranslated(bench, qtbot, "identify")
    parcel = next(p for p in bench.parcels() if p.serial)
    _wedge_scan(qtbot, inspector, parcel.rma)
    bench.wait_step(Step.VERIFY)
    problems += _untranslated(bench, qtbot, "verify")
    window.simulate.scan(parcel.item_code)
    window.simulate.weigh(parcel.weight_g or 500.0)
    bench.wait_step(Step.GRADE)
    problems += _untranslated(bench, qtbot, "grade")
    bench.services.bench.submit(Escalate("wrong colour"))
    bench.wait_step(Step.HOLD)
    problems += _untranslated(bench, qtbot, "hold")
    bench.services.bench.submit(Confirm())
    bench.wait_step(Step.IDENTIFY)
    problems += _untranslated(bench, qtbot, "parked")
    bench.services.bench.submit(Logout())
    bench.wait_step(Step.LOGIN)
    _login(bench, qtbot, "B2001", "2468")
    for refreshing in (window.lead, window.kpi):
        window.tabs.setCurrentWidget(refreshing)
        with qtbot.waitSignal(refreshing.refreshed, timeout=10_000):
            refreshing.refresh()
        bench.wait_idle()
        problems += _untranslated(bench, qtbot, refreshing.objectName())
    for screen in (window.diagnostics, window.settings):
        window.tabs.setCurrentWidget(screen)
        problems += _untranslated(bench, qtbot, screen.objectName())
    assert not problems, "untranslated:\n" + "\n".join(problems)
    assert not prompts.unmatched(), f"core prompts without a template: {prompts.unmatched()}"


def test_f12_cycles_the_language_at_runtime(bench: Bench, qtbot: QtBot) -> None:
    window = bench.window
    assert window.login.badge_caption.text() == "Badge"
    qtbot.keyClick(window.login.badge, Qt.Key.Key_F12)
    assert bench.services.languages.language == "nl"
    assert window.login.pin_caption.text() == "Pincode"
    qtbot.keyClick(window.login.badge, Qt.Key.Key_F12)
    assert bench.services.languages.language == "zh_CN"
    assert window.login.pin_caption.text() == "PIN 码"
    assert window.login.prompt.text() == "请扫描工牌登录。"
    qtbot.keyClick(window.login.badge, Qt.Key.Key_F12)
    assert bench.services.languages.language == "en"
    assert window.login.prompt.text() == "Scan your badge to log in."
