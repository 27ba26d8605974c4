"""Reasons are stored as codes with their numbers and written in the reader's language."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from coproduce.commissioning.reasons import CODES, OWN_CODES, Reason, reason_text
from coproduce.methods.pb import Code
from coproduce.methods.pb.explain import NUMBERS

LANGUAGES = ("en-gb", "es", "de")


def _sample(code: Code, **numbers: float) -> dict[str, Any]:
    """A stored reason of ``code`` with every number it carries (money 1,234.50 a piece)."""
    values = {name: 123_450 for name in NUMBERS[code]} | numbers
    projects = ["1", "2", "3", "4", "5"] if code == Code.SUPPORTERS_OUT_OF_MONEY else ["1"]
    return Reason(code.value, values, tuple(projects), "parks").as_json()


def _text(stored: dict[str, Any], language: str) -> str:
    with translation.override(language):
        return reason_text(stored, currency="EUR", titles={"1": "Bike racks", "2": "Benches"})


def test_every_code_of_the_methods_library_has_a_sentence() -> None:
    assert {code.value for code in Code} | OWN_CODES == CODES


@pytest.mark.parametrize("code", list(Code))
def test_every_reason_reads_differently_in_spanish_and_german(code: Code) -> None:
    texts = {language: _text(_sample(code), language) for language in LANGUAGES}
    assert all(texts.values()) and "%(" not in "".join(texts.values())
    assert texts["es"] != texts["en-gb"] and texts["de"] != texts["en-gb"], texts


@pytest.mark.parametrize(
    ("code", "numbers"),
    [
        (Code.SHARES_PAID, {"supporters": 1, "ran_out": 1}),
        (Code.SHARES_PAID, {"supporters": 5, "ran_out": 1}),
        (Code.SUPPORTERS_OUT_OF_MONEY, {"supporters": 1}),
        (Code.TOPPED_UP, {"count": 1}),
    ],
)
def test_counts_of_one_have_their_own_sentences(code: Code, numbers: dict[str, int]) -> None:
    texts = [_text(_sample(code, **numbers), language) for language in LANGUAGES]
    assert len(set(texts)) == 3 and not any(" 1 supporters" in t for t in texts)


def test_money_has_the_rounds_currency_and_the_languages_number_format() -> None:
    stored = _sample(Code.FITS, cost=123_450, left=1_000_000, score=1234)
    assert "€1,234.50" in _text(stored, "en-gb") and "1,234" in _text(stored, "en-gb")
    assert "€1.234,50" in _text(stored, "de") and "€10.000" in _text(stored, "de")


def test_it_names_the_projects_a_reason_refers_to_in_the_languages_quotes() -> None:
    stored = _sample(Code.SUPPORTERS_OUT_OF_MONEY)
    assert "“Bike racks”, “Benches”, “3” and 2 more" in _text(stored, "en-gb")
    assert "«Bike racks», «Benches», «3» y 2 más" in _text(stored, "es")
    assert "neben „Bike racks“ und den vor ihm" in _text(_sample(Code.DOES_NOT_FIT), "de")


def test_an_old_row_or_an_unknown_code_shows_the_stored_sentence() -> None:
    assert reason_text({}, currency="GBP", titles={}, fallback="Funded: old.") == "Funded: old."
    unknown = Reason("a_code_from_the_future", {"cost": 1}).as_json()
    assert reason_text(unknown, currency="GBP", titles={}, fallback="Old.") == "Old."
    incomplete = Reason("fits", {"cost": 1}).as_json()
    assert reason_text(incomplete, currency="GBP", titles={}, fallback="Old.") == "Old."


def test_a_stored_reason_reads_back_as_it_was_written() -> None:
    reason = Reason("does_not_fit", {"cost": 500, "left": 120.5}, ("7",), "")
    assert Reason.from_json(reason.as_json()) == reason
    assert Reason.from_json(None) is None and Reason.from_json({"numbers": {}}) is None
