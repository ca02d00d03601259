"""The Qt binding itself: a release that leaks or drops references crashes a bench mid-shift.

PySide6 6.12.0 drops one reference to ``True`` on every signal emission; after a few
thousand emissions (one shift of scans) the interpreter aborts with "bool_dealloc:
deallocating True or False". pyproject.toml excludes that release; this test fails on any
release with the same fault instead of letting it reach a bench.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    anything = Signal(object)
    flag = Signal(bool)
    text = Signal(str)


def test_signal_emission_keeps_reference_counts_of_true_false_and_none() -> None:
    emitter = _Emitter()
    received: list[object] = []
    emitter.anything.connect(received.append)
    emitter.flag.connect(received.append)
    emitter.text.connect(received.append)
    counts = [sys.getrefcount(v) for v in (True, False, None)]
    for i in range(300):
        emitter.anything.emit({"scan": i})
        emitter.flag.emit(i % 2 == 0)
        emitter.text.emit(str(i))
    received.clear()
    after = [sys.getrefcount(v) for v in (True, False, None)]
    drift = [a - b for a, b in zip(after, counts, strict=True)]
    # A few references may come and go with the interpreter's own caches; a binding fault
    # moves them by one per emission (hundreds here).
    assert all(abs(d) < 50 for d in drift), f"True/False/None reference drift {drift}"
