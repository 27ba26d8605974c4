"""Money on pages: integer pence in, a readable amount out."""

from __future__ import annotations

from decimal import Decimal

from django.utils.formats import number_format


def money(pence: int, currency: str = "GBP") -> str:
    """Return ``pence`` as ``£1,250`` (whole pounds) or ``£12.50``, grouped and with the
    decimal mark of the active language (``£1.250,50`` in German)."""
    symbol = {"GBP": "£", "EUR": "€", "USD": "$", "PLN": "zł "}.get(currency, f"{currency} ")
    amount = int(pence)
    places = 0 if amount % 100 == 0 else 2
    text = number_format(Decimal(amount) / 100, decimal_pos=places, force_grouping=True)
    return f"{symbol}{text}"


def pence(amount: str) -> int:
    """Parse a typed amount in pounds (``1,250`` or ``12.50``) into pence; raise ValueError."""
    cleaned = amount.replace(",", "").replace("£", "").strip()
    if not cleaned:
        raise ValueError("empty amount")
    whole, _, fraction = cleaned.partition(".")
    if not whole.isdigit() or (fraction and (not fraction.isdigit() or len(fraction) > 2)):
        raise ValueError(f"not an amount: {amount!r}")
    return int(whole) * 100 + int((fraction or "0").ljust(2, "0"))
