"""``coproduce opinions analyse`` on Polis export folders."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coproduce.methods.opinions import analyse
from coproduce.methods.opinions.cli import main


@pytest.mark.parametrize("name", ["london.youth.policing", "api.4cvkai2ctw"])
def test_json_output_holds_the_documented_keys(
    capsys: pytest.CaptureFixture[str], polis_dir: Path, name: str
) -> None:
    assert main(["analyse", str(polis_dir / name), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["n_groups"] == len(set(data["groups"].values()))
    assert set(data["consensus"]) == {"agree", "disagree"}
    assert all(isinstance(t, int) for t in data["consensus"]["agree"])
    assert len(data["pca"]["components"]) == 2
    assert set(data["repness"]) == {str(g) for g in range(data["n_groups"])}
    assert data["group_informed_consensus"]


def test_json_output_equals_the_library_result(
    capsys: pytest.CaptureFixture[str], polis_dir: Path, load_export
) -> None:
    main(
        ["analyse", str(polis_dir / "scoop-hivemind.freshwater"), "--format", "json", "--seed", "3"]
    )
    expected = analyse(load_export("scoop-hivemind.freshwater").conversation, seed=3)
    assert json.loads(capsys.readouterr().out) == json.loads(expected.to_json())


def test_table_output_svg_and_progress(
    capsys: pytest.CaptureFixture[str], polis_dir: Path, tmp_path: Path
) -> None:
    svg = tmp_path / "map.svg"
    folder = polis_dir / "brexit-consensus"
    assert main(["analyse", str(folder), "--svg", str(svg), "--progress"]) == 0
    captured = capsys.readouterr()
    assert "Group A" in captured.out
    assert "Consensus (agree)" in captured.out
    assert "clustering…" in captured.err
    assert svg.read_text().startswith("<svg")


def test_a_bad_folder_exits_with_status_one_and_a_message(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["analyse", str(tmp_path)]) == 1
    assert "not a Polis export" in capsys.readouterr().err
