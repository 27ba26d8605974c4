"""Compiling the few hot loops of the methods with Numba, caching the machine code on disk.

Numba keeps compiled code beside the source (``__pycache__``), else in the user's cache
directory, or in ``NUMBA_CACHE_DIR`` when set. Where none is writable (read-only code and no
home directory, as some service accounts have) the loops are compiled afresh in each process
instead of failing: slower to start, same results.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from numba import njit

__all__ = ["compiled"]


def compiled(function: Callable[..., Any]) -> Any:
    """Return ``function`` compiled by Numba (no Python objects inside), cached on disk when a
    cache location is writable."""
    try:
        return njit(cache=True)(function)
    except RuntimeError:  # "cannot cache function ...: no locator available"
        return njit(cache=False)(function)
