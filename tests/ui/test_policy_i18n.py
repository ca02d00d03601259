"""Policy explanations and destinations in the bench's language, filled in with their values."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication

from ui import vocab
from ui.i18n import LanguageSwitcher
from ui.i18n_tools import policy_templates
from ui.policy_strings import POLICY_STRINGS, POLICY_TEMPLATES


@pytest.fixture
def languages(qapp: QApplication) -> Iterator[LanguageSwitcher]:
    switcher = LanguageSwitcher(qapp)
    yield switcher
    switcher.switch("en")


def test_every_explanation_destination_and_code_text_is_in_the_catalog() -> None:
    for text in policy_templates():
        assert text in POLICY_STRINGS, f"run `python -m ui.i18n_tools policy`: {text!r} missing"
        if "{" in text:
            assert text in POLICY_TEMPLATES


def test_filled_in_explanations_are_translated_with_their_values(
    languages: LanguageSwitcher,
) -> None:
    restock = "Sealed grade A electronics worth €120.00 go straight back to stock as new."
    weight = (
        "Measured 94 g against an expected 235 g ± 7 g (141 g under): parts may be missing, "
        "the box may be empty or hold a different item."
    )
    graded = (
        "The screen is cracked or scratched, so the unit is grade C; findings: screen cracked "
        "or scratched, accessories missing."
    )
    destination = "RTV staging: Contoso Audio"
    assert vocab.policy_text(restock) == restock  # English: as the engine wrote it
    assert languages.switch("nl")
    assert vocab.policy_text(restock) == (
        "Verzegelde elektronica klasse A met een waarde van €120.00 gaat direct terug op "
        "voorraad als nieuw."
    )
    assert "(141 g te licht)" in vocab.policy_text(weight)
    assert vocab.policy_text(graded).endswith(
        "bevindingen: scherm gebarsten of bekrast, accessoires ontbreken."
    )
    assert vocab.policy_text(destination) == "RTV-klaarzetplaats: Contoso Audio"
    assert languages.switch("zh_CN")
    assert vocab.policy_text(restock) == "价值 €120.00、未拆封的 A 级电子产品直接作为新品重新上架。"
    assert "检查结果：屏幕破裂或划伤、配件缺失" in vocab.policy_text(graded)
    # A sentence no template made stays as it is.
    assert vocab.policy_text("Escalated by the inspector: smells of smoke") == (
        "Escalated by the inspector: smells of smoke"
    )
