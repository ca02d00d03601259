"""Logging for the bench app: rotating files, Qt messages into Python logging, crash dialog.

Qt's own warnings go through :func:`qt_message_handler` into the ``qt`` logger so they land in
the same files (and fail tests through pytest-qt). The last lines are kept in memory so the
crash dialog can show them without reading a file. ``sys.excepthook`` is replaced so that an
exception in a slot shows what happened instead of the window silently dying.
"""

from __future__ import annotations

import collections
import logging
import logging.handlers
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

log = logging.getLogger("ui")
qt_log = logging.getLogger("qt")

LOG_FORMAT = "%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s"
LOG_FILE = "station.log"


class RecentLines(logging.Handler):
    """Keeps the last ``capacity`` formatted log lines in memory (for the crash dialog)."""

    def __init__(self, capacity: int = 300) -> None:
        super().__init__()
        self._lines: collections.deque[str] = collections.deque(maxlen=capacity)
        self._lock_lines = threading.Lock()
        self.setFormatter(logging.Formatter(LOG_FORMAT))

    def emit(self, record: logging.LogRecord) -> None:
        try:
            line = self.format(record)
        except Exception:  # a bad format string must not take logging down with it
            line = record.getMessage()
        with self._lock_lines:
            self._lines.append(line)

    def tail(self, count: int = 80) -> list[str]:
        with self._lock_lines:
            return list(self._lines)[-count:]


_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def qt_message_handler(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    """Route one Qt message into the ``qt`` logger at the matching level."""
    where = f" ({context.file}:{context.line})" if context.file else ""
    qt_log.log(_QT_LEVELS.get(kind, logging.WARNING), "%s%s", message, where)


def setup_logging(log_dir: Path, *, verbose: bool = False) -> RecentLines:
    """Rotating file log in ``log_dir``, Qt messages routed, a memory tail for crash reports."""
    log_dir.mkdir(parents=True, exist_ok=True)
    root = logging.getLogger()
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    for handler in root.handlers:
        # The launcher's console handler keeps showing warnings only; the file gets it all.
        if handler.level == logging.NOTSET and not verbose:
            handler.setLevel(logging.WARNING)
    to_file = logging.handlers.RotatingFileHandler(
        log_dir / LOG_FILE, maxBytes=2_000_000, backupCount=5, encoding="utf-8"
    )
    to_file.setFormatter(logging.Formatter(LOG_FORMAT))
    recent = RecentLines()
    root.addHandler(to_file)
    root.addHandler(recent)
    qInstallMessageHandler(qt_message_handler)
    return recent


class CrashDialog(QDialog):
    """Shows an unexpected error with the log tail, so IT gets something to act on."""

    def __init__(self, summary: str, details: str, log_dir: Path | None) -> None:
        super().__init__()
        self.setObjectName("crashDialog")
        self.setWindowTitle(self.tr("The bench station hit an error"))
        layout = QVBoxLayout(self)
        head = QLabel(
            self.tr(
                "Something went wrong. The unit in progress was not committed; "
                "finished units are safe. Tell IT and restart the station."
            )
        )
        head.setWordWrap(True)
        head.setProperty("role", "title")
        layout.addWidget(head)
        layout.addWidget(QLabel(summary))
        text = QPlainTextEdit(details)
        text.setReadOnly(True)
        text.setObjectName("crashDetails")
        layout.addWidget(text)
        if log_dir is not None:
            layout.addWidget(QLabel(self.tr("Log files: {folder}").format(folder=log_dir)))
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.accept)
        layout.addWidget(close)
        self.resize(1000, 700)


def install_excepthook(
    recent: RecentLines,
    log_dir: Path | None,
    *,
    show: Callable[[CrashDialog], object] = CrashDialog.exec,
) -> None:
    """Log uncaught exceptions and show them in a :class:`CrashDialog` on the GUI thread."""
    previous = sys.excepthook

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            previous(kind, value, tb)
            return
        log.critical("uncaught exception", exc_info=(kind, value, tb))
        app = QApplication.instance()
        on_gui = app is not None and threading.current_thread() is threading.main_thread()
        if not on_gui:
            return  # logged; a dialog may only be made on the GUI thread
        details = "".join(traceback.format_exception(kind, value, tb))
        details += "\n--- recent log ---\n" + "\n".join(recent.tail())
        dialog = CrashDialog(f"{kind.__name__}: {value}", details, log_dir)
        try:
            show(dialog)
        finally:
            dialog.deleteLater()

    sys.excepthook = hook
