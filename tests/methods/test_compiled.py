"""Compiled loops work where no cache location is writable."""

from __future__ import annotations

from typing import Any

import numba
import pytest

from coproduce.methods import compiled as module


def test_a_function_is_compiled_and_cached() -> None:
    def add(a: int, b: int) -> int:
        return a + b

    fast = module.compiled(add)
    assert isinstance(fast, numba.core.registry.CPUDispatcher)
    assert fast(2, 3) == 5
    assert fast._cache.cache_path  # a disk cache is attached


def test_without_a_writable_cache_it_compiles_in_each_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = numba.njit

    def njit(*, cache: bool) -> Any:
        # what numba raises where neither __pycache__ nor a user cache dir is writable
        if cache:
            raise RuntimeError("cannot cache function 'add': no locator available for file")
        return real(cache=False)

    monkeypatch.setattr(module, "njit", njit)

    def add(a: int, b: int) -> int:
        return a + b

    fast = module.compiled(add)
    assert fast(2, 3) == 5
