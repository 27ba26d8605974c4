"""Fixtures for the options-appraisal tests: the documented example and small appraisals."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from coproduce.methods.appraisal import Appraisal, appraisal_from

SQUARE = Path(__file__).resolve().parents[3] / "docs" / "methods" / "appraisal-square.json"


@pytest.fixture
def square_path() -> Path:
    """The documented example: three layouts for a square, four criteria, three groups."""
    return SQUARE


@pytest.fixture
def square_data() -> dict[str, Any]:
    """The documented example as parsed JSON (a fresh copy to mutate)."""
    return copy.deepcopy(json.loads(SQUARE.read_text()))


@pytest.fixture
def square(square_data: dict[str, Any]) -> Appraisal:
    """The documented example as an :class:`Appraisal`."""
    return appraisal_from(square_data)
