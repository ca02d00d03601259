"""PySide6 user interface: the only place Qt is imported."""
