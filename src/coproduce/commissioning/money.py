"""Money on pages: integer pence in, a readable amount out."""

from __future__ import annotations

from django.utils.formats import number_format


def money(pence: int, currency: str = "GBP") -> str:
    """Return ``pence`` as ``£1,250`` (whole pounds) or ``£12.50``."""
    symbol = {"GBP": "£", "EUR": "€", "USD": "$", "PLN": "zł "}.get(currency, f"{currency} ")
    pounds, rest = divmod(int(pence), 100)
    whole = number_format(pounds, force_grouping=True)
    return f"{symbol}{whole}" if rest == 0 else f"{symbol}{whole}.{rest:02d}"


def pence(amount: str) -> int:
    """Parse a typed amount in pounds (``1,250`` or ``12.50``) into pence; raise ValueError."""
    cleaned = amount.replace(",", "").replace("£", "").strip()
    if not cleaned:
        raise ValueError("empty amount")
    whole, _, fraction = cleaned.partition(".")
    if not whole.isdigit() or (fraction and (not fraction.isdigit() or len(fraction) > 2)):
        raise ValueError(f"not an amount: {amount!r}")
    return int(whole) * 100 + int((fraction or "0").ljust(2, "0"))
