"""Shared fixtures for the PB tests: the real pabulib files, parsed once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from coproduce.methods.pb import Election, read_pabulib


@pytest.fixture(scope="session")
def pabulib_dir(shared_data: Path) -> Path:
    """The directory of real pabulib files."""
    return shared_data / "pabulib"


@pytest.fixture(scope="session")
def elections(pabulib_dir: Path) -> dict[str, Election]:
    """Every shared pabulib file, parsed, by file stem."""
    return {path.stem: read_pabulib(path) for path in sorted(pabulib_dir.glob("*.pb"))}


@pytest.fixture(scope="session")
def assen(elections: dict[str, Election]) -> Election:
    return elections["Netherlands_Assen_2024"]


@pytest.fixture(scope="session")
def wieliczka(elections: dict[str, Election]) -> Election:
    return elections["Poland_Wieliczka_2023_Green_Budget"]
