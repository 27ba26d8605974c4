"""``coproduce delivery match`` on instance files."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest

from coproduce.methods.matching import match, parse
from coproduce.methods.matching.cli import main
from tests.methods.matching.test_io import EXAMPLE


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """The issue's example plus a second volunteer and a shift nobody may take."""
    data = copy.deepcopy(EXAMPLE)
    data["volunteers"].append({**data["volunteers"][0], "id": "v2", "lat": 51.505})
    data["shifts"].append({**data["shifts"][0], "id": "s2", "skills": ["driving"]})
    path = tmp_path / "instance.json"
    path.write_text(json.dumps(data))
    return path


def test_json_output_holds_the_assignment_the_places_and_the_distance(
    capsys: pytest.CaptureFixture[str], example: Path
) -> None:
    assert main(["match", str(example), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data == {
        "assignment": [["v1", "s1"], ["v2", "s1"]],
        "filled": 2,
        "distance_km": data["distance_km"],
    }
    expected = match(parse(example.read_text()))
    assert data["distance_km"] == expected.distance_km == expected.distance_m / 1000


def test_json_output_explains_the_places_left_when_asked(
    capsys: pytest.CaptureFixture[str], example: Path
) -> None:
    main(["match", str(example), "--format", "json", "--explain"])
    unfilled = json.loads(capsys.readouterr().out)["unfilled"]
    assert [(u["shift"], u["reason"], u["filled"]) for u in unfilled] == [
        ("s1", "too_few_eligible", 2),
        ("s2", "no_eligible_volunteer", 0),
    ]
    assert unfilled[1]["failing_skills"] == 2


def test_the_table_is_for_people(capsys: pytest.CaptureFixture[str], example: Path) -> None:
    assert main(["match", str(example), "--format", "table"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Filled 2 of 6 places on 2 shifts; total distance ")
    assert "s1      2 / 3  v1, v2" in out
    assert "s2: nobody may take it (of 2 volunteers, failing: 2 skills)" in out


def test_a_bad_instance_exits_with_status_one_and_names_the_field(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "bad.json"
    data = copy.deepcopy(EXAMPLE)
    data["shifts"][0]["capacity"] = "three"
    path.write_text(json.dumps(data))
    assert main(["match", str(path)]) == 1
    assert (
        "coproduce delivery: shifts[0].capacity: must be a whole number" in capsys.readouterr().err
    )


def test_a_missing_file_exits_with_status_one(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["match", str(tmp_path / "nowhere.json")]) == 1
    assert "cannot read" in capsys.readouterr().err


def test_the_coproduce_command_routes_delivery_here_and_prints_only_json(tmp_path: Path) -> None:
    # shifts 9–11, 10–12 and 11–13 for one volunteer: an integer programme, so HiGHS runs
    data = copy.deepcopy(EXAMPLE)
    data["shifts"] = [
        {**data["shifts"][0], "id": f"s{h}", "start": f"2026-12-05T{h:02}:00",
         "end": f"2026-12-05T{h + 2:02}:00"}
        for h in (9, 10, 11)
    ]  # fmt: skip
    path = tmp_path / "chain.json"
    path.write_text(json.dumps(data))
    code = "import sys; from coproduce.cli import main; sys.exit(main(sys.argv[1:]))"
    result = subprocess.run(
        [sys.executable, "-c", code, "delivery", "match", str(path), "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["assignment"] == [["v1", "s11"], ["v1", "s9"]]
