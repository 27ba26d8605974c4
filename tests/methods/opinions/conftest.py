"""Fixtures for the opinion-mapping tests: the shared Polis exports and the peers' results."""

from __future__ import annotations

from pathlib import Path

import pytest

from coproduce.methods.opinions import OpinionMap, PolisExport, analyse, read_polis_export
from tests.methods.opinions.reference import RedDwarfResult, run_reddwarf

POLIS = Path(__file__).resolve().parents[4] / "shared" / "data" / "polis"
CONVERSATIONS = sorted(p.name for p in POLIS.iterdir()) if POLIS.is_dir() else []
API_DUMPS = [name for name in CONVERSATIONS if name.startswith("api.")]
LARGE = {"american-assembly.bowling-green", "austria-climate.2vkxcncppn.2022-07-07"}

_exports: dict[str, PolisExport] = {}
_maps: dict[str, OpinionMap] = {}
_reddwarf: dict[str, RedDwarfResult] = {}


@pytest.fixture(scope="session")
def polis_dir(shared_data: Path) -> Path:
    """The folder of the 18 real Polis conversations."""
    return shared_data / "polis"


@pytest.fixture(scope="session")
def load_export(polis_dir: Path):  # type: ignore[no-untyped-def]
    """Read (once per session) the named shared conversation."""

    def load(name: str) -> PolisExport:
        if name not in _exports:
            _exports[name] = read_polis_export(polis_dir / name)
        return _exports[name]

    return load


@pytest.fixture(scope="session")
def opinion_map(load_export):  # type: ignore[no-untyped-def]
    """Analyse (once per session, seed 0) the named shared conversation."""

    def run(name: str) -> OpinionMap:
        if name not in _maps:
            # Polis' math zeroes rejected and meta statements only, even under strict
            # moderation (api.4cvkai2ctw: math-pca2 mod-out lists just the rejected ones)
            _maps[name] = analyse(load_export(name).conversation, seed=0)
        return _maps[name]

    return run


@pytest.fixture(scope="session")
def reddwarf(load_export):  # type: ignore[no-untyped-def]
    """Run red-dwarf (once per session) on the named shared conversation."""

    def run(name: str) -> RedDwarfResult:
        if name not in _reddwarf:
            _reddwarf[name] = run_reddwarf(load_export(name))
        return _reddwarf[name]

    return run
