"""Money on pages: integer pence in, a readable amount out."""

from __future__ import annotations

from django.utils.formats import number_format

MAX_PENCE = 100_000_000_000
"""£1,000,000,000: more than any participatory or personal budget, far below what the
database's 64-bit integers hold, so sums of many amounts cannot overflow either."""


class AmountTooLarge(ValueError):
    """A typed amount above ``MAX_PENCE``."""


def money(pence: int, currency: str = "GBP") -> str:
    """Return ``pence`` as ``£1,250`` (whole pounds) or ``£12.50``."""
    symbol = {"GBP": "£", "EUR": "€", "USD": "$", "PLN": "zł "}.get(currency, f"{currency} ")
    pounds, rest = divmod(int(pence), 100)
    whole = number_format(pounds, force_grouping=True)
    return f"{symbol}{whole}" if rest == 0 else f"{symbol}{whole}.{rest:02d}"


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
