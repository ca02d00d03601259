"""The bench look: big, high-contrast type readable at arm's length, and the colours of state.

One stylesheet for the whole application; widgets pick a role with ``setObjectName`` or the
``role`` dynamic property rather than setting fonts and colours one by one.
"""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

INK = "#111418"
PAPER = "#f4f5f7"
PANEL = "#ffffff"
NAVY = "#0b2545"
BLUE = "#1f5fbf"
GREEN = "#1b7f3b"
AMBER = "#b26a00"
RED = "#b00020"
GREY = "#6b7280"
LIGHT_GREY = "#d6d9de"

# Point sizes: the prompt is read from a metre away, details from half that.
PROMPT_PT = 30
TITLE_PT = 24
BODY_PT = 20
SMALL_PT = 14

# Families tried in order: a CJK-capable sans first so Chinese never falls back to boxes.
FAMILIES = ("Noto Sans CJK SC", "WenQuanYi Micro Hei", "Noto Sans", "DejaVu Sans")

STYLESHEET = f"""
QWidget {{ color: {INK}; font-size: {BODY_PT}pt; }}
QMainWindow, QTabWidget > QWidget, QScrollArea > QWidget > QWidget {{ background: {PAPER}; }}
QMainWindow, QStackedWidget {{ background: {PAPER}; }}
QLabel[role="prompt"] {{
    background: {NAVY}; color: white; font-size: {PROMPT_PT}pt; font-weight: bold;
    padding: 18px 24px; border-radius: 6px;
}}
QLabel[role="error"] {{
    background: {RED}; color: white; font-size: {TITLE_PT}pt; font-weight: bold;
    padding: 14px 24px; border-radius: 6px;
}}
QLabel[role="title"] {{ font-size: {TITLE_PT}pt; font-weight: bold; background: transparent; }}
QLabel[role="caption"] {{ color: {GREY}; font-size: {SMALL_PT + 2}pt; background: transparent; }}
QLabel[role="value"] {{ font-size: {TITLE_PT}pt; font-weight: bold; background: transparent; }}
QLabel[role="ok"] {{ color: white; background: {GREEN}; font-size: {TITLE_PT}pt;
    font-weight: bold; padding: 6px 14px; border-radius: 6px; }}
QLabel[role="warn"] {{ color: white; background: {AMBER}; font-size: {TITLE_PT}pt;
    font-weight: bold; padding: 6px 14px; border-radius: 6px; }}
QLabel[role="bad"] {{ color: white; background: {RED}; font-size: {TITLE_PT}pt;
    font-weight: bold; padding: 6px 14px; border-radius: 6px; }}
QLabel[role="key"] {{
    background: {PANEL}; border: 3px solid {INK}; border-radius: 8px; font-size: {TITLE_PT}pt;
    font-weight: bold; padding: 10px 18px;
}}
QFrame[role="card"] {{ background: {PANEL}; border: 1px solid {LIGHT_GREY}; border-radius: 8px; }}
QLabel {{ background: transparent; }}
QLabel[role="step"] {{ background: {LIGHT_GREY}; color: {GREY}; font-size: {BODY_PT - 3}pt;
    font-weight: bold; padding: 10px 12px; }}
QLabel[role="step"][phase="done"] {{ background: {GREEN}; color: white; }}
QLabel[role="step"][phase="current"] {{ background: {BLUE}; color: white; }}
QLabel[role="step"][phase="hold"] {{ background: {AMBER}; color: white; }}
QLineEdit {{ background: white; border: 2px solid {GREY}; border-radius: 6px; padding: 8px;
    font-size: {TITLE_PT}pt; }}
QLineEdit:focus {{ border: 3px solid {BLUE}; }}
QPushButton {{ background: white; border: 2px solid {GREY}; border-radius: 6px;
    padding: 8px 16px; font-size: {BODY_PT - 2}pt; }}
QPushButton:focus {{ border: 3px solid {BLUE}; }}
QTabBar::tab {{ font-size: {BODY_PT - 2}pt; padding: 10px 22px; }}
QTabBar::tab:selected {{ background: {NAVY}; color: white; }}
QStatusBar, QStatusBar QLabel {{ font-size: {SMALL_PT}pt; background: {LIGHT_GREY}; }}
QTableWidget, QListWidget, QPlainTextEdit {{ background: white; font-size: {SMALL_PT + 2}pt; }}
QHeaderView::section {{ font-size: {SMALL_PT}pt; font-weight: bold; padding: 4px; }}
QGroupBox {{ font-size: {SMALL_PT + 2}pt; font-weight: bold; }}
QGroupBox QWidget, QGroupBox QPushButton, QGroupBox QLineEdit {{ font-size: {SMALL_PT}pt; }}
QGroupBox#simulatePanel QPushButton {{ padding: 6px 4px; }}
QDockWidget {{ font-size: {SMALL_PT}pt; }}
"""


def apply(app: QApplication) -> None:
    """Give the application the bench font and stylesheet."""
    available = set(QFontDatabase.families())
    family = next((f for f in FAMILIES if f in available), "")
    font = QFont(family) if family else QFont()
    if family:
        # Fallbacks matter when a Latin font is picked: Chinese glyphs still come from CJK.
        QFont.insertSubstitutions(family, [f for f in FAMILIES if f in available and f != family])
    font.setPointSize(BODY_PT)
    app.setFont(font)
    app.setStyleSheet(STYLESHEET)
