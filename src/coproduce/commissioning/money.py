"""Money on pages: integer pence in, a readable amount out."""

from __future__ import annotations

from decimal import Decimal

from django.utils.formats import number_format

MAX_PENCE = 100_000_000_000
"""£1,000,000,000: more than any participatory or personal budget, far below what the
database's 64-bit integers hold, so sums of many amounts cannot overflow either."""


class AmountTooLarge(ValueError):
    """A typed amount above ``MAX_PENCE``."""


def money(pence: float, currency: str = "GBP") -> str:
    """Return ``pence`` as ``£1,250`` (whole pounds) or ``£12.50``, grouped and with the
    decimal mark of the active language (``£1.250,50`` in German).

    The one way amounts are written, in pages, charts and reasons; an average (a float) is
    rounded to the nearest penny."""
    symbol = {"GBP": "£", "EUR": "€", "USD": "$", "PLN": "zł "}.get(currency, f"{currency} ")
    amount = round(pence)
    places = 0 if amount % 100 == 0 else 2
    text = number_format(Decimal(amount) / 100, decimal_pos=places, force_grouping=True)
    return f"{symbol}{text}"


def amount_text(pence: int) -> str:
    """Return ``pence`` as typed in a form (``1250`` or ``12.50``), which ``pence`` reads back."""
    whole, part = divmod(int(pence), 100)
    return f"{whole}.{part:02d}" if part else str(whole)


def _digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def pence(amount: str) -> int:
    """Parse a typed amount in pounds (``1,250`` or ``12.50``) into pence.

    Raise ValueError if it is not an amount, AmountTooLarge if it is above ``MAX_PENCE``.
    """
    cleaned = amount.replace(",", "").replace("£", "").strip()
    if not cleaned:
        raise ValueError("empty amount")
    whole, _, fraction = cleaned.partition(".")
    if not _digits(whole) or (fraction and (not _digits(fraction) or len(fraction) > 2)):
        raise ValueError(f"not an amount: {amount[:40]!r}")
    if len(whole.lstrip("0")) > len(str(MAX_PENCE)):
        raise AmountTooLarge(amount[:40])
    value = int(whole) * 100 + int((fraction or "0").ljust(2, "0"))
    if value > MAX_PENCE:
        raise AmountTooLarge(amount[:40])
    return value
