"""The API's staff persona holds a second factor: a staff token acts as staff only then."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def organiser(organiser: Any, with_second_factor: Any) -> Any:
    return with_second_factor(organiser)
