"""Amounts typed in pounds: read exactly, refused above £1bn or when not an amount."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from coproduce.commissioning.forms import MoneyField
from coproduce.commissioning.money import MAX_PENCE, AmountTooLarge, pence


@pytest.mark.parametrize(
    ("typed", "expected"), [("1,250", 125_000), ("£12.50", 1_250), ("0.5", 50), ("7", 700)]
)
def test_amounts_are_read_in_pounds_into_pence(typed: str, expected: int) -> None:
    assert pence(typed) == expected


@pytest.mark.parametrize("typed", ["²", "1.234", "12,5.0.1", "NaN", "1e3", "-5", ""])
def test_what_is_not_an_amount_is_refused(typed: str) -> None:
    with pytest.raises(ValueError):
        pence(typed)


@pytest.mark.parametrize("typed", ["1,000,000,000.01", "1000000000000", str(10**20), "9" * 5000])
def test_amounts_above_a_billion_pounds_are_refused(typed: str) -> None:
    with pytest.raises(AmountTooLarge):
        pence(typed)
    assert pence("1,000,000,000") == MAX_PENCE


def test_the_money_field_says_what_the_most_is() -> None:
    with pytest.raises(ValidationError, match="at most £1,000,000,000"):
        MoneyField().clean("92,000,000,000,000,000")
    with pytest.raises(ValidationError, match="Enter an amount in pounds"):
        MoneyField().clean("x" * 31)
    assert MoneyField().clean("8,400") == 840_000
