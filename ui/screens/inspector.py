"""The inspector screen: shows a BenchState and turns key presses and scans into bench events.

No business rule lives here: every decision (what is verified, which question is next, the
suggested disposition, whether a unit is held) comes from the workflow session in the
state; this screen only lays that out in big type and maps keys to input events:

    scanner (wedge or device)  Scan            Y / N, 1-9   Answer the current question
    Enter                      Confirm         Esc          Cancel the unit (or close a box)
    P or Space (photos step)   take the photo  D            choose another disposition
    F9                         escalate        F2           type a code by hand
    hold step: scan lead badge, type PIN, A approve / D deny; Enter parks the unit.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from datetime import timedelta

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from drivers.events import ScanEvent, WeightEvent, WeightState
from drivers.scanners.wedge import PassThrough, WedgeDecoder, WedgeOptions
from station import leads
from station.domain import Disposition, HoldState, QuestionKind
from station.events import (
    Answer,
    Approve,
    BenchEvent,
    Cancel,
    ChooseDisposition,
    Confirm,
    Deny,
    Escalate,
    Scan,
)
from station.workflow import BenchState, Step, UnitDraft
from ui import vocab
from ui.prompts import translate_prompt
from ui.widgets import StepStrip, card, label, set_role

DISPOSITION_CHOICES = tuple(d.value for d in Disposition)


def _hours(age: timedelta) -> str:
    hours = age.total_seconds() / 3600
    return f"{hours:.0f} h" if hours >= 1 else f"{age.total_seconds() / 60:.0f} min"


def _grams(value: float | None) -> str:
    return "—" if value is None else f"{value:,.0f} g"


class InspectorScreen(QWidget):
    """The bench's main screen.

    Signals:
        benchEvent(object): a bench input event (``station.events``) to hand to the session.
        photoRequested(str): the inspector asked for the photo of this slot.
        keyUsed(str): every key press or scan the screen acted on (for training figures).
    """

    benchEvent = Signal(object)
    photoRequested = Signal(str)
    keyUsed = Signal(str)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        photo_slots: Mapping[str, str] | None = None,
        wedge: WedgeOptions | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(parent)
        self._slot_texts = dict(photo_slots or {})
        self.setObjectName("inspectorScreen")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._clock = clock
        # A USB wedge scanner types into whatever has focus: its bursts become scans, a
        # person's single keys become commands (drivers.scanners.wedge tells them apart).
        self._decoder = WedgeDecoder("wedge", wedge or WedgeOptions())
        self._max_gap = self._decoder.options.max_gap_s
        self._flush_timer = QTimer(self)
        self._flush_timer.setSingleShot(True)
        self._flush_timer.setInterval(int(self._max_gap * 1000) + 5)
        self._flush_timer.timeout.connect(self._flush_keys)
        self._state: BenchState | None = None
        self._live: WeightEvent | None = None
        self._preview_lpn = ""
        self._print_status = ("", "", "")
        self._strip_step = "identify"
        self._queue: leads.BenchColumn | None = None

        root = QVBoxLayout(self)
        root.setContentsMargins(16, 12, 16, 8)
        root.setSpacing(10)
        self.strip = StepStrip()
        root.addWidget(self.strip)
        self.prompt = label("", "prompt", wrap=True, name="prompt")
        self.prompt.setMinimumHeight(110)
        root.addWidget(self.prompt)
        self.error = label("", "error", wrap=True, name="errorBand")
        self.error.hide()
        root.addWidget(self.error)

        body = QHBoxLayout()
        body.setSpacing(14)
        root.addLayout(body, 1)
        self.panels = QStackedWidget()
        body.addWidget(self.panels, 3)
        self._build_panels()
        body.addWidget(self._build_last_unit(), 2)

        self.hints = label("", "caption", wrap=True, name="keyHints")
        root.addWidget(self.hints)
        self.retranslate()

    # -- building ----------------------------------------------------------------------------

    def _build_panels(self) -> None:
        # Identify
        self.identify_panel, lay = card()
        self.identify_title = label("", "title", wrap=True)
        self.identify_held = label("", "caption", wrap=True, name="heldCount")
        self.queue_title = label("", "value", wrap=True, name="benchQueueTitle")
        self.queue_list = label("", "", wrap=True, name="benchQueue", data=True)
        lay.addWidget(self.identify_title)
        lay.addWidget(self.identify_held)
        lay.addSpacing(16)
        lay.addWidget(self.queue_title)
        lay.addWidget(self.queue_list)
        lay.addStretch(1)
        self.panels.addWidget(self.identify_panel)

        # Verify: expected against scanned, live weight
        self.verify_panel, lay = card()
        grid = QGridLayout()
        grid.setHorizontalSpacing(24)
        self.verify_head = [label("", "caption") for _ in range(3)]
        for col, head in enumerate(self.verify_head):
            grid.addWidget(head, 0, col)
        self.verify_rows: dict[str, tuple[QLabel, QLabel, QLabel]] = {}
        for row, key in enumerate(("sku", "serial", "weight"), 1):
            cells = (
                label("", "caption"),
                label("", "value", wrap=True, data=True),
                label("", "value", wrap=True, data=True),
            )
            cells[1].setObjectName(f"expected_{key}")
            cells[2].setObjectName(f"scanned_{key}")
            for col, cell in enumerate(cells):
                grid.addWidget(cell, row, col)
            self.verify_rows[key] = cells
        self.verify_rma_head = label("", "title", wrap=True, name="rmaHead")
        lay.addWidget(self.verify_rma_head)
        lay.addLayout(grid)
        self.verify_description = label("", "title", wrap=True, name="skuDescription", data=True)
        lay.addWidget(self.verify_description)
        weigh = QHBoxLayout()
        self.live_weight = label("—", "value", name="liveWeight")
        self.live_weight_state = label("", "warn", name="liveWeightState")
        self.weight_verdict = label("", "ok", name="weightVerdict")
        weigh.addWidget(self.live_weight)
        weigh.addWidget(self.live_weight_state)
        weigh.addWidget(self.weight_verdict)
        weigh.addStretch(1)
        lay.addLayout(weigh)
        self.verify_rma_info = label("", "caption", wrap=True, name="rmaInfo")
        lay.addWidget(self.verify_rma_info)
        lay.addStretch(1)
        self.panels.addWidget(self.verify_panel)

        # Grade: the question and its keys
        self.grade_panel, lay = card()
        self.grade_progress = label("", "caption", name="questionProgress")
        self.grade_question = label("", "title", wrap=True, name="question")
        # Room for two lines: a stacked page does not grow a wrapped label by itself.
        self.grade_question.setMinimumHeight(96)
        self.grade_keys = QGridLayout()
        self.grade_keys.setSpacing(12)
        self.grade_keys.setColumnStretch(3, 1)
        self.grade_answers = label("", "caption", wrap=True, name="answersSoFar")
        lay.addWidget(self.grade_progress)
        lay.addWidget(self.grade_question)
        lay.addLayout(self.grade_keys)
        lay.addWidget(self.grade_answers)
        lay.addStretch(1)
        self.panels.addWidget(self.grade_panel)

        # Photos
        self.photos_panel, lay = card()
        self.photo_slot = label("", "title", wrap=True, name="photoSlot")
        self.photo_key = label("", "key", name="photoKey")
        self.photo_taken = label("", "caption", wrap=True, name="photosTaken")
        self.photo_preview = QLabel()
        self.photo_preview.setObjectName("lastPhoto")
        self.camera_state = label("", "caption", wrap=True, name="cameraState")
        # The live camera picture (Qt camera) and the last photo taken, side by side.
        self.photo_row = QHBoxLayout()
        self.photo_row.addWidget(self.photo_preview, 0, Qt.AlignmentFlag.AlignTop)
        self._live_view: QWidget | None = None
        lay.addWidget(self.photo_slot)
        lay.addWidget(self.photo_key, 0, Qt.AlignmentFlag.AlignLeft)
        lay.addWidget(self.camera_state)
        lay.addWidget(self.photo_taken)
        lay.addLayout(self.photo_row)
        lay.addStretch(1)
        self.panels.addWidget(self.photos_panel)

        # Disposition: suggestion, explanation, refund, or the override chooser
        self.disposition_panel, lay = card()
        self.disp_caption = label("", "caption")
        self.disp_value = label("", "ok", name="suggestedDisposition")
        self.disp_destination = label("", "value", wrap=True, name="destination")
        self.disp_grade = label("", "value", name="grade")
        self.disp_explanation = label("", "", wrap=True, name="explanation", data=True)
        self.disp_refund = label("", "value", wrap=True, name="refund")
        self.disp_held = label("", "warn", wrap=True, name="willHold")
        for w in (
            self.disp_caption,
            self.disp_value,
            self.disp_destination,
            self.disp_grade,
            self.disp_explanation,
            self.disp_refund,
            self.disp_held,
        ):
            if w is self.disp_value:
                # A badge as wide as its text, never stretched or clipped.
                badge_row = QHBoxLayout()
                badge_row.addWidget(w)
                badge_row.addStretch(1)
                lay.addLayout(badge_row)
            else:
                lay.addWidget(w)
        self.chooser = QFrame()
        self.chooser.setObjectName("dispositionChooser")
        self.chooser.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        chooser_lay = QVBoxLayout(self.chooser)
        self.chooser_title = label("", "title", wrap=True)
        chooser_lay.addWidget(self.chooser_title)
        self.chooser_options: list[QLabel] = []
        options_grid = QGridLayout()
        for i, _code in enumerate(DISPOSITION_CHOICES):
            option = label("", "caption", name=f"choice_{i + 1}")
            options_grid.addWidget(option, i // 2, i % 2)
            self.chooser_options.append(option)
        chooser_lay.addLayout(options_grid)
        self.chooser_reason = QLineEdit()
        self.chooser_reason.setObjectName("overrideReason")
        chooser_lay.addWidget(self.chooser_reason)
        self.chooser.hide()
        lay.addWidget(self.chooser)
        lay.addStretch(1)
        self.panels.addWidget(self.disposition_panel)
        self._chosen = ""

        # Hold: reasons and the lead's badge + PIN
        self.hold_panel, lay = card()
        self.hold_title = label("", "warn", wrap=True, name="holdTitle")
        self.hold_reasons = label("", "title", wrap=True, name="holdReasons", data=True)
        self.hold_reasons.setMinimumHeight(140)
        form = QGridLayout()
        self.lead_badge_caption = label("", "caption")
        self.lead_badge = QLineEdit()
        self.lead_badge.setObjectName("leadBadge")
        self.lead_pin_caption = label("", "caption")
        self.lead_pin = QLineEdit()
        self.lead_pin.setObjectName("leadPin")
        self.lead_pin.setEchoMode(QLineEdit.EchoMode.Password)
        form.addWidget(self.lead_badge_caption, 0, 0)
        form.addWidget(self.lead_badge, 0, 1)
        form.addWidget(self.lead_pin_caption, 1, 0)
        form.addWidget(self.lead_pin, 1, 1)
        self.hold_keys = label("", "key", wrap=True, name="holdKeys")
        lay.addWidget(self.hold_title)
        lay.addWidget(self.hold_reasons)
        lay.addLayout(form)
        lay.addWidget(self.hold_keys)
        lay.addStretch(1)
        self.panels.addWidget(self.hold_panel)

        # Boxes opened by a key: escalation reason, a code typed by hand
        self.escalate_box = QLineEdit()
        self.escalate_box.setObjectName("escalateReason")
        self.manual_box = QLineEdit()
        self.manual_box.setObjectName("manualCode")
        self.box_caption = label("", "title", wrap=True, name="boxCaption")
        self.box_caption.hide()
        self.escalate_box.hide()
        self.manual_box.hide()
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(3, self.box_caption)
        layout.insertWidget(4, self.escalate_box)
        layout.insertWidget(5, self.manual_box)
        for field in (
            self.chooser_reason,
            self.escalate_box,
            self.manual_box,
            self.lead_badge,
            self.lead_pin,
            self.chooser,
        ):
            field.installEventFilter(self)

    def _build_last_unit(self) -> QWidget:
        frame, lay = card()
        frame.setObjectName("lastUnit")
        self.last_caption = label("", "caption")
        self.last_lpn = label("", "title", name="lastLpn", data=True)
        self.last_summary = label("", "", wrap=True, name="lastSummary", data=True)
        self.label_preview = QLabel()
        self.label_preview.setObjectName("labelPreview")
        self.label_preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label_preview.setMinimumSize(260, 320)
        self.print_status = label("", "caption", wrap=True, name="printStatus")
        for w in (self.last_caption, self.last_lpn, self.last_summary):
            lay.addWidget(w)
        lay.addWidget(self.label_preview, 1)
        lay.addWidget(self.print_status)
        return frame

    # -- language ----------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.identify_title.setText(
            self.tr("Scan the RMA label, order or tracking number — or the item itself.")
        )
        for head, text in zip(
            self.verify_head, ("", self.tr("Expected"), self.tr("Scanned")), strict=True
        ):
            head.setText(text)
        names = {
            "sku": self.tr("SKU"),
            "serial": self.tr("Serial"),
            "weight": self.tr("Weight"),
        }
        for key, cells in self.verify_rows.items():
            cells[0].setText(names[key])
        self.photo_key.setText(self.tr("P  take photo"))
        self.disp_caption.setText(self.tr("Suggested disposition"))
        self.chooser_title.setText(
            self.tr("Choose a disposition (1-8), type the reason, Enter to apply, Esc to go back.")
        )
        self.chooser_reason.setPlaceholderText(self.tr("Reason for the override"))
        self.hold_title.setText(self.tr("On hold — a lead must decide"))
        self.lead_badge_caption.setText(self.tr("Lead badge"))
        self.lead_pin_caption.setText(self.tr("Lead PIN"))
        self.hold_keys.setText(self.tr("A  approve     D  deny     Enter  park on the hold shelf"))
        self.last_caption.setText(self.tr("Last unit"))
        self.escalate_box.setPlaceholderText(self.tr("Why does a lead need to look at it?"))
        self.manual_box.setPlaceholderText(self.tr("Type the code and press Enter"))
        self.show_bench_queue(self._queue)
        if self._state is not None:
            self.show_state(self._state)
        else:
            self.hints.setText(self._hints(Step.IDENTIFY))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _hints(self, step: Step) -> str:
        common = self.tr("Esc cancel    F9 escalate    F2 type a code")
        if step is Step.GRADE:
            return self.tr("Y / N or 1-9 answer") + "    " + common
        if step is Step.PHOTOS:
            return self.tr("P take photo") + "    " + common
        if step is Step.DISPOSITION:
            return self.tr("Enter confirm    D other disposition") + "    " + common
        if step is Step.HOLD:
            return self.tr("Lead: scan badge, PIN, A approve / D deny    Enter park    Esc cancel")
        return self.tr("Enter confirm") + "    " + common

    # -- showing state -----------------------------------------------------------------------

    def show_state(self, state: BenchState) -> None:
        """Lay out ``state``; the only way the screen's content changes."""
        previous = self._state
        self._state = state
        step = state.step
        if state is not previous:  # a re-render (language change) keeps the strip as it was
            self._strip_step = self._strip_for(state, previous)
        self.strip.show_step(self._strip_step, hold=step is Step.HOLD)
        self.prompt.setText(translate_prompt(state.prompt))
        self.error.setVisible(bool(state.error))
        self.error.setText(translate_prompt(state.error))
        self.hints.setText(self._hints(step))
        unit = state.unit
        if step in (Step.IDENTIFY, Step.LOGIN) or unit is None:
            self._show_identify(state)
        elif step is Step.VERIFY:
            self._show_verify(state, unit)
        elif step is Step.GRADE:
            self._show_grade(state, unit)
        elif step is Step.PHOTOS:
            self._show_photos(state, unit)
        elif step is Step.DISPOSITION:
            self._show_disposition(state, unit)
        elif step is Step.HOLD:
            self._show_hold(state, unit)
        if step is not Step.DISPOSITION:
            self._close_chooser()
        if step is not Step.HOLD and previous is not None and previous.step is Step.HOLD:
            self.lead_badge.clear()
            self.lead_pin.clear()
        self._show_last_unit(state)
        if (not self._box_open() and not self.chooser.isVisible() and step is not Step.HOLD) or (
            step is Step.HOLD and not (self.lead_badge.hasFocus() or self.lead_pin.hasFocus())
        ):
            self.setFocus(Qt.FocusReason.OtherFocusReason)

    @staticmethod
    def _strip_for(state: BenchState, previous: BenchState | None) -> str:
        """Which strip step to light: a hold lights the step it interrupted, a commit Label."""
        step = state.step
        if step is Step.HOLD:
            interrupted = previous.step if previous is not None else Step.DISPOSITION
            if interrupted in (Step.HOLD, Step.LOGIN, Step.IDENTIFY):
                return "disposition"
            return interrupted.value
        if step is Step.IDENTIFY and state.last_record is not None:
            committed = (
                previous is not None
                and previous.unit is not None
                and (previous.last_record != state.last_record)
            )
            return "label" if committed else "identify"
        return step.value

    def _show_identify(self, state: BenchState) -> None:
        self.panels.setCurrentWidget(self.identify_panel)
        self.photo_preview.clear()  # the next unit starts without the last one's photo
        self.identify_held.setText(
            self.tr("Units on the hold shelf: {count}").format(count=state.held_count)
        )

    def show_bench_queue(self, queue: leads.BenchColumn | None) -> None:
        """The RMAs waiting at this bench (oldest first), shown while waiting for a scan."""
        self._queue = queue
        if queue is None:
            self.queue_title.setText("")
            self.queue_list.setText("")
            return
        count = f"{queue.waiting}+" if queue.waiting >= 1000 else str(queue.waiting)
        self.queue_title.setText(self.tr("Waiting at this bench: {count}").format(count=count))
        marks = {leads.Aging.OK: "", leads.Aging.DUE_SOON: " ⚠", leads.Aging.BREACHED: " ⛔"}
        self.queue_list.setText(
            "\n".join(
                f"{item.key} · {vocab.reason_name(item.detail)} · {_hours(item.age)}"
                f"{marks[item.aging]}"
                for item in queue.items
            )
        )

    def _expected_line_serial(self, unit: UnitDraft) -> str:
        if unit.rma is None:
            return ""
        sku = unit.sku.sku if unit.sku else None
        for line in unit.rma.lines:
            if line.serial and (sku is None or line.sku == sku):
                return line.serial
        return ""

    def _show_verify(self, state: BenchState, unit: UnitDraft) -> None:
        self.panels.setCurrentWidget(self.verify_panel)
        rows = self.verify_rows
        rma = unit.rma
        self.verify_rma_head.setText(
            self.tr("{rma} · order {order}").format(rma=rma.rma, order=rma.order)
            if rma
            else self.tr("No RMA: unexpected item")
        )
        expected_skus = ", ".join(line.sku for line in rma.lines) if rma else "—"
        rows["sku"][1].setText(expected_skus)
        rows["sku"][2].setText(unit.sku.sku if unit.sku else self.tr("scan the item"))
        expected_serial = self._expected_line_serial(unit)
        serial_needed = unit.sku is not None and unit.sku.serialized
        rows["serial"][1].setText(
            expected_serial or (self.tr("required") if serial_needed else "—")
        )
        rows["serial"][2].setText(unit.serial or "—")
        sku = unit.sku
        if sku is not None and sku.weight_g is not None:
            tolerance = sku.weight_tolerance_g or 0
            rows["weight"][1].setText(f"{sku.weight_g:,.0f} ± {tolerance:,.0f} g")
        else:
            rows["weight"][1].setText("—")
        rows["weight"][2].setText(_grams(unit.weight_g) if unit.weight_stable else "—")
        self.verify_description.setText(sku.description if sku else "")
        codes = {e.code for e in state.escalations}
        weight_flags = [c for c in codes if "weight" in c]
        if unit.weight_stable and unit.weight_g is not None:
            self.weight_verdict.show()
            if weight_flags:
                set_role(self.weight_verdict, "bad")
                self.weight_verdict.setText(self.tr("outside tolerance"))
            else:
                set_role(self.weight_verdict, "ok")
                self.weight_verdict.setText(self.tr("weight accepted"))
        else:
            self.weight_verdict.hide()
        if rma is not None:
            self.verify_rma_info.setText(
                self.tr(
                    "Reason: {reason}    Customer wants: {preference}    Delivered: {date}"
                ).format(
                    reason=vocab.reason_name(rma.reason.value),
                    preference=vocab.refund_name(rma.preference.value),
                    date=rma.delivered_on.isoformat() if rma.delivered_on else "—",
                )
            )
        else:
            self.verify_rma_info.setText("")
        self._show_live_weight()

    def show_live_weight(self, reading: WeightEvent) -> None:
        """The scale's latest reading (display only; the session gets settled weights)."""
        self._live = reading
        self._show_live_weight()

    def _show_live_weight(self) -> None:
        reading = self._live
        if reading is None:
            self.live_weight.setText(self.tr("Scale: no reading"))
            self.live_weight_state.hide()
            return
        self.live_weight_state.show()
        if reading.state is WeightState.STABLE:
            self.live_weight.setText(self.tr("Scale: {grams}").format(grams=_grams(reading.grams)))
            set_role(self.live_weight_state, "ok")
            self.live_weight_state.setText(self.tr("stable"))
        else:
            self.live_weight.setText(self.tr("Scale: —"))
            set_role(
                self.live_weight_state, "warn" if reading.state is WeightState.MOTION else "bad"
            )
            names = {
                WeightState.MOTION: self.tr("motion"),
                WeightState.UNDERLOAD: self.tr("under load"),
                WeightState.OVERLOAD: self.tr("overload"),
                WeightState.ERROR: self.tr("scale error"),
            }
            self.live_weight_state.setText(names.get(reading.state, reading.state.value))

    def _show_grade(self, state: BenchState, unit: UnitDraft) -> None:
        self.panels.setCurrentWidget(self.grade_panel)
        question = state.question
        total = len(state.questions)
        done = sum(1 for q in state.questions if q.id in unit.answers)
        self.grade_progress.setText(
            self.tr("Question {number} of {total}").format(number=done + 1, total=total)
        )
        self.grade_question.setText(vocab.policy_text(question.text) if question else "")
        while self.grade_keys.count():
            item = self.grade_keys.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()  # gone now, not when the event loop gets round to it
                widget.deleteLater()
        if question is not None:
            if question.kind is QuestionKind.YES_NO:
                keys = [("Y", vocab.answer_name("yes")), ("N", vocab.answer_name("no"))]
            else:
                keys = [
                    (str(i), vocab.policy_text(o.replace("_", " ")))
                    for i, o in enumerate(question.options, 1)
                ]
            for i, (key, text) in enumerate(keys):
                # Three keys a row: long option words never widen the window.
                key_label = label(f"{key}  {text}", "key", wrap=True, name=f"answerKey_{key}")
                self.grade_keys.addWidget(key_label, i // 3, i % 3)
        answered = [
            f"{vocab.policy_text(q.text)} {vocab.policy_text(unit.answers[q.id].replace('_', ' '))}"
            for q in state.questions
            if q.id in unit.answers
        ]
        self.grade_answers.setText("\n".join(answered))

    def _show_photos(self, state: BenchState, unit: UnitDraft) -> None:
        self.panels.setCurrentWidget(self.photos_panel)
        slot = state.photo_slot
        what = self._slot_texts.get(slot, "")
        title = vocab.policy_text(slot.replace("_", " "))
        self.photo_slot.setText(f"{title}: {vocab.policy_text(what)}" if what else title)
        taken = ", ".join(vocab.policy_text(slot.replace("_", " ")) for slot in unit.photo_slots)
        self.photo_taken.setText(self.tr("Taken: {slots}").format(slots=taken or "—"))

    def _show_disposition(self, state: BenchState, unit: UnitDraft) -> None:
        self.panels.setCurrentWidget(self.disposition_panel)
        a = unit.assessment
        suggestion = a.disposition if a else None
        if unit.override:
            self.disp_caption.setText(self.tr("Override"))
            self.disp_value.setText(vocab.disposition_name(unit.override[0]).upper())
            set_role(self.disp_value, "warn")
            self.disp_explanation.setText(
                self.tr("Reason: {reason}").format(reason=unit.override[1])
            )
        else:
            self.disp_caption.setText(self.tr("Suggested disposition"))
            set_role(self.disp_value, "ok")
            self.disp_value.setText(
                vocab.disposition_name(suggestion.disposition.value).upper() if suggestion else "—"
            )
            self.disp_explanation.setText(
                vocab.policy_text(suggestion.verdict.explanation) if suggestion else ""
            )
        self.disp_destination.setText(
            self.tr("Put it: {destination}").format(
                destination=vocab.policy_text(suggestion.destination)
            )
            if suggestion and suggestion.destination
            else ""
        )
        grade = a.grade.grade.value if a and a.grade else None
        self.disp_grade.setText(
            self.tr("Grade {grade}").format(grade=vocab.grade_name(grade)) if grade else ""
        )
        refund = a.refund if a else None
        if refund is not None:
            text = vocab.refund_name(refund.kind.value)
            if refund.fee_pct:
                text += " " + self.tr("(fee {pct:g}%)").format(pct=refund.fee_pct)
            if refund.due:
                text += " " + self.tr("due {date}").format(date=refund.due.isoformat())
            self.disp_refund.setText(self.tr("Refund: {refund}").format(refund=text))
        else:
            self.disp_refund.setText("")
        reasons = [vocab.policy_text(e.verdict.explanation) for e in state.escalations]
        self.disp_held.setVisible(bool(reasons) and unit.hold_state is HoldState.NONE)
        self.disp_held.setText(
            self.tr("Will be held for a lead: {reasons}").format(reasons="; ".join(reasons))
        )

    def _show_hold(self, state: BenchState, unit: UnitDraft) -> None:
        self.panels.setCurrentWidget(self.hold_panel)
        reasons = [vocab.policy_text(e.verdict.explanation) for e in state.escalations]
        lines = [f"• {r}" for r in reasons]
        what = unit.existing_lpn or (unit.sku.sku if unit.sku else "")
        if what:
            lines.insert(0, what)
        self.hold_reasons.setText("\n".join(lines))

    def _show_last_unit(self, state: BenchState) -> None:
        record = state.last_record
        if record is None:
            self.last_lpn.setText("—")
            self.last_summary.setText("")
            return
        self.last_lpn.setText(record.lpn)
        parts = [
            vocab.disposition_name(record.disposition).upper() if record.disposition else "",
            self.tr("Grade {grade}").format(grade=record.grade) if record.grade else "",
            vocab.policy_text(record.destination),
        ]
        if record.held:
            parts.insert(0, vocab.hold_state_name("held").upper())
        self.last_summary.setText("\n".join(p for p in parts if p))
        if record.lpn != self._preview_lpn:
            self.label_preview.clear()
            self.label_preview.setText(self.tr("rendering label…"))
            self.print_status.setText("")
        self._show_print_status()

    def show_camera(self, message: str, live_view: QWidget | None) -> None:
        """The camera's state sentence and, for a live camera, its picture."""
        self.camera_state.setText(message)
        if live_view is self._live_view:
            return
        if self._live_view is not None:
            self.photo_row.removeWidget(self._live_view)
            self._live_view.hide()
        self._live_view = live_view
        if live_view is not None:
            self.photo_row.insertWidget(0, live_view, 1)
            live_view.show()

    def show_last_photo(self, path: str) -> None:
        """The picture just taken, small, so the inspector sees it came out."""
        pixmap = QPixmap(path)
        if not pixmap.isNull():
            self.photo_preview.setPixmap(
                pixmap.scaledToHeight(220, Qt.TransformationMode.SmoothTransformation)
            )

    def show_label_preview(self, lpn: str, png: bytes) -> None:
        pixmap = QPixmap()
        if not pixmap.loadFromData(png, "PNG"):
            self.label_preview.setText(self.tr("no preview"))
            return
        self._preview_lpn = lpn
        size = self.label_preview.size()
        self.label_preview.setPixmap(
            pixmap.scaled(
                size.width(),
                max(size.height(), 320),
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )

    def show_print_status(self, lpn: str, kind: str, message: str) -> None:
        """What the print queue says about the label of ``lpn`` (kind: queued, printed ...)."""
        self._print_status = (lpn, kind, message)
        self._show_print_status()

    def _show_print_status(self) -> None:
        lpn, kind, message = self._print_status
        record = self._state.last_record if self._state is not None else None
        if record is None or record.lpn != lpn:
            return
        texts = {
            "queued": self.tr("Label queued"),
            "sending": self.tr("Printing…"),
            "printed": self.tr("Label printed"),
            "retrying": self.tr("Printer problem, retrying: {message}"),
            "uncertain": self.tr("May have printed — check the printer: {message}"),
            "cancelled": self.tr("Print cancelled"),
        }
        self.print_status.setText(texts.get(kind, "{message}").format(message=message))

    # -- input ------------------------------------------------------------------------------

    def _emit(self, event: BenchEvent, used: str) -> None:
        self.keyUsed.emit(used)
        self.benchEvent.emit(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        now = self._clock()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._flush_timer.stop()
            self._route(self._decoder.feed("\r", now))
            return
        if key == Qt.Key.Key_Escape:
            self._flush_timer.stop()
            self._route(self._decoder.flush(now + self._max_gap))
            self.keyUsed.emit("Esc")
            self.benchEvent.emit(Cancel())
            return
        if key == Qt.Key.Key_F9:
            self._open_box(
                self.escalate_box,
                self.tr(
                    "Escalate to a lead: type the reason, Enter to hold the unit, Esc to go back."
                ),
            )
            self.keyUsed.emit("F9")
            return
        if key == Qt.Key.Key_F2:
            self._open_box(self.manual_box, self.tr("Type the code from the label, then Enter."))
            self.keyUsed.emit("F2")
            return
        text = event.text()
        mods = event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        )
        if text and text.isprintable() and not mods:
            self._route(self._decoder.feed(text, now))
            self._flush_timer.start()
            return
        super().keyPressEvent(event)

    def _flush_keys(self) -> None:
        self._route(self._decoder.flush(self._clock() + self._max_gap))

    def flush_pending_keys(self) -> None:
        """Treat held-back characters as typed by a person now (tests, focus changes)."""
        self._flush_timer.stop()
        self._flush_keys()

    def _route(self, outputs: list[ScanEvent | PassThrough]) -> None:
        for out in outputs:
            if isinstance(out, ScanEvent):
                self.scanned(out.data)
                continue
            for char in out.text:
                if char in "\r\n":
                    self._emit(Confirm(), "Enter")
                else:
                    self._command_key(char)

    def scanned(self, data: str) -> None:
        """A code from a scanner (wedge or device) at this screen."""
        state = self._state
        if state is not None and state.step is Step.HOLD:
            # A scan at the hold screen is the lead's badge.
            self.keyUsed.emit("scan")
            self.lead_badge.setText(data)
            self.lead_pin.clear()
            self.lead_pin.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self._emit(Scan(data=data), "scan")

    def _command_key(self, char: str) -> None:
        state = self._state
        if state is None:
            return
        lower = char.lower()
        if state.step is Step.GRADE and state.question is not None:
            q = state.question
            if q.kind is QuestionKind.YES_NO and lower in ("y", "n", "j"):
                self._emit(Answer(q.id, "no" if lower == "n" else "yes"), char.upper())
                return
            if lower.isdigit():
                self._emit(Answer(q.id, lower), char)
                return
        if state.step is Step.PHOTOS and lower in ("p", " "):
            self.keyUsed.emit("P")
            self.photoRequested.emit(state.photo_slot)
            return
        if state.step is Step.DISPOSITION and lower == "d":
            self.keyUsed.emit("D")
            self._open_chooser()
            return
        if state.step is Step.HOLD and lower in ("a", "d"):
            self._decide_hold(approve=lower == "a")

    # -- boxes --------------------------------------------------------------------------------

    def _box_open(self) -> bool:
        return self.escalate_box.isVisible() or self.manual_box.isVisible()

    def _open_box(self, box: QLineEdit, caption: str) -> None:
        self._close_boxes()
        self.box_caption.setText(caption)
        self.box_caption.show()
        box.clear()
        box.show()
        box.setFocus(Qt.FocusReason.OtherFocusReason)

    def _close_boxes(self) -> None:
        for box in (self.escalate_box, self.manual_box):
            box.hide()
            box.clear()
        self.box_caption.hide()
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def _open_chooser(self) -> None:
        self._chosen = ""
        self.chooser_reason.clear()
        self._render_choices()
        self.chooser.show()
        self.chooser.setFocus(Qt.FocusReason.OtherFocusReason)

    def _render_choices(self) -> None:
        for i, (option, code) in enumerate(
            zip(self.chooser_options, DISPOSITION_CHOICES, strict=True), 1
        ):
            mark = "▶ " if code == self._chosen else ""
            option.setText(f"{mark}{i}  {vocab.disposition_name(code)}")
            set_role(option, "value" if code == self._chosen else "caption")

    def _close_chooser(self) -> None:
        if self.chooser.isVisible():
            self.chooser.hide()
            self.setFocus(Qt.FocusReason.OtherFocusReason)
        self._chosen = ""

    def _decide_hold(self, *, approve: bool) -> None:
        badge, pin = self.lead_badge.text().strip(), self.lead_pin.text()
        if not badge:
            self.lead_badge.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        event: BenchEvent = Approve(badge, pin) if approve else Deny(badge, pin)
        self.lead_pin.clear()
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        self._emit(event, "A" if approve else "D")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return super().eventFilter(watched, event)
        key = event.key()
        enter = key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if watched is self.chooser:
            return self._chooser_key(event)
        if key == Qt.Key.Key_Escape:
            self.keyUsed.emit("Esc")
            if watched in (self.lead_badge, self.lead_pin):
                self.lead_badge.clear()
                self.lead_pin.clear()
                self.setFocus(Qt.FocusReason.OtherFocusReason)
            elif watched is self.chooser_reason:
                self._close_chooser()
            else:
                self._close_boxes()
            return True
        if watched is self.escalate_box and enter:
            reason = self.escalate_box.text().strip()
            self._close_boxes()
            self._emit(Escalate(reason=reason), "Enter")
            return True
        if watched is self.manual_box and enter:
            code = self.manual_box.text().strip()
            self._close_boxes()
            if code:
                self._emit(Scan(data=code), "Enter")
            return True
        if watched is self.chooser_reason and enter:
            if self._chosen:
                self._emit(
                    ChooseDisposition(self._chosen, self.chooser_reason.text().strip()), "Enter"
                )
                self._close_chooser()
            return True
        if watched is self.lead_badge and enter:
            self.keyUsed.emit("Enter")
            self.lead_pin.setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        if watched is self.lead_pin:
            text = event.text().lower()
            if text in ("a", "d"):
                self._decide_hold(approve=text == "a")
                return True
            if enter:
                self.keyUsed.emit("Enter")
                return True  # a PIN alone decides nothing: A or D says what the lead wants
            if text:
                self.keyUsed.emit("pin")
        return super().eventFilter(watched, event)

    def _chooser_key(self, event: QKeyEvent) -> bool:
        text = event.text()
        if event.key() == Qt.Key.Key_Escape:
            self.keyUsed.emit("Esc")
            self._close_chooser()
            return True
        if text.isdigit() and 1 <= int(text) <= len(DISPOSITION_CHOICES):
            self.keyUsed.emit(text)
            self._chosen = DISPOSITION_CHOICES[int(text) - 1]
            self._render_choices()
            self.chooser_reason.setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        return False
