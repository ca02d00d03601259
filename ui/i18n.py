"""Languages of the bench UI: loading Qt Linguist catalogs and switching them at runtime.

The catalogs live in ``resources/i18n`` as ``station_<lang>.ts`` (edited with Qt Linguist)
and ``station_<lang>.qm`` (compiled with ``pyside6-lrelease``, committed so that a station
needs no Qt tools). Switching installs a new translator; Qt then sends every widget a
``LanguageChange`` event and each screen's ``retranslate()`` sets its texts again.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QLocale, QTranslator

log = logging.getLogger(__name__)

I18N_DIR = Path(__file__).resolve().parent.parent / "resources" / "i18n"
CATALOG = "station"

# Shown in each language's own words so that anyone can find theirs.
LANGUAGES: dict[str, str] = {"en": "English", "nl": "Nederlands", "zh_CN": "简体中文"}


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Marks ``text`` for the ``context`` catalog; translated later, where it is shown.

    PySide6's own QT_TRANSLATE_NOOP is typed as returning ``object``; this one keeps ``str``.
    """
    return text


def catalog_path(language: str, suffix: str = ".qm") -> Path:
    return I18N_DIR / f"{CATALOG}_{language}{suffix}"


class LanguageSwitcher:
    """Owns the installed translators; ``switch`` changes the language of every window."""

    def __init__(self, app: QCoreApplication) -> None:
        self._app = app
        self._translators: list[QTranslator] = []
        self.language = "en"

    def switch(self, language: str) -> bool:
        """Install ``language``; returns False (and keeps the current one) when it is unknown."""
        if language not in LANGUAGES:
            log.warning("unknown language %r (known: %s)", language, ", ".join(LANGUAGES))
            return False
        for translator in self._translators:
            self._app.removeTranslator(translator)
        self._translators.clear()
        if language != "en":
            ours = QTranslator(self._app)
            if not ours.load(str(catalog_path(language))):
                log.warning("translation catalog %s is missing", catalog_path(language))
                return False
            qt_own = QTranslator(self._app)
            # Qt's own catalog translates standard dialog buttons; optional.
            if qt_own.load(
                QLocale(language),
                "qtbase",
                "_",
                QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath),
            ):
                self._translators.append(qt_own)
            self._translators.append(ours)
            for translator in self._translators:
                self._app.installTranslator(translator)
        QLocale.setDefault(QLocale(language))
        self.language = language
        # Qt posts LanguageChange to every widget; deliver them now so that the whole UI
        # has changed language when switch() returns (tests and screenshots rely on it).
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange.value)
        log.info("UI language %s", language)
        return True
