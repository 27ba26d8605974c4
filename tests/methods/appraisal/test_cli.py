"""``coproduce design rank FILE.json`` on the documented example and on bad files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coproduce.cli import main as coproduce
from coproduce.methods.appraisal import appraisal_from, appraise
from coproduce.methods.appraisal.cli import main


@pytest.mark.parametrize("method", ["wsm", "topsis", "promethee"])
def test_json_output_holds_the_documented_keys(
    capsys: pytest.CaptureFixture[str], square_path: Path, method: str
) -> None:
    assert main(["rank", str(square_path), "--method", method, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) >= {"method", "groups", "compromise", "sensitivity"}
    assert data["method"] == method
    assert set(data["groups"]) == {"residents", "traders", "disability_forum"}
    traders = data["groups"]["traders"]
    assert set(traders) >= {"preference", "ranking", "ties"}
    assert traders["ranking"][0] == "market_plaza"
    assert data["compromise"]["option"] == "market_plaza"
    assert data["sensitivity"]["traders"]["first_choice"] == "market_plaza"


def test_json_output_equals_the_library_result(
    capsys: pytest.CaptureFixture[str], square_path: Path
) -> None:
    main(["rank", str(square_path), "--method", "topsis", "--format", "json"])
    expected = appraise(appraisal_from(json.loads(square_path.read_text())), "topsis")
    assert json.loads(capsys.readouterr().out) == json.loads(expected.to_json())


def test_the_method_defaults_to_wsm_and_the_format_to_a_table(
    capsys: pytest.CaptureFixture[str], square_path: Path
) -> None:
    assert main(["rank", str(square_path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Three layouts for Market Square — WSM")
    assert "traders (weights: cost 0.20, green 0.10, access 0.10, pitches 0.60)" in out
    assert "Compromise (maximin of normalised preferences): market_plaza" in out
    assert "option green_square: ranked residents 1, traders 3, disability_forum 1" in out
    assert "first choice green_square" in out


def test_the_table_shows_ties(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "tied.json"
    path.write_text(
        json.dumps(
            {
                "options": ["a", "b", "c"],
                "criteria": [{"id": "x", "direction": "benefit"}],
                "scores": {"a": {"x": 2}, "b": {"x": 1}, "c": {"x": 2}},
                "groups": [{"id": "all", "weights": {"x": 1}}],
            }
        )
    )
    assert main(["rank", str(path), "--method", "promethee"]) == 0
    out = capsys.readouterr().out
    assert "tied: a = c" in out
    assert "(tied; the first in the file's order was taken)" in out
    assert "options: none, every group ranks them alike" in out
    assert "criteria: none, every group weights them alike" in out


def test_the_coproduce_command_routes_design_to_the_appraisal(
    capsys: pytest.CaptureFixture[str], square_path: Path
) -> None:
    assert coproduce(["design", "rank", str(square_path), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["method"] == "wsm"


def test_bad_input_exits_with_status_one_naming_the_field(
    capsys: pytest.CaptureFixture[str], square_path: Path, tmp_path: Path
) -> None:
    data = json.loads(square_path.read_text())
    data["groups"][1]["weights"]["noise"] = 0.2
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data))
    assert main(["rank", str(path)]) == 1
    assert (
        capsys.readouterr().err
        == "coproduce design: groups[1].weights.noise: no criterion 'noise'\n"
    )


def test_a_missing_file_or_bad_json_exits_with_status_one(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["rank", str(tmp_path / "none.json")]) == 1
    assert "none.json: No such file or directory" in capsys.readouterr().err
    broken = tmp_path / "broken.json"
    broken.write_text('{"options": [')
    assert main(["rank", str(broken)]) == 1
    assert "broken.json: not JSON" in capsys.readouterr().err


def test_wsm_on_a_zero_score_exits_with_status_one(
    capsys: pytest.CaptureFixture[str], square_path: Path, tmp_path: Path
) -> None:
    data = json.loads(square_path.read_text())
    data["scores"]["market_plaza"]["green"] = 0
    path = tmp_path / "zero.json"
    path.write_text(json.dumps(data))
    assert main(["rank", str(path), "--method", "wsm"]) == 1
    assert "scores.market_plaza.green" in capsys.readouterr().err
    assert main(["rank", str(path), "--method", "topsis"]) == 0


@pytest.mark.parametrize(
    "argv",
    [[], ["rank"], ["rank", "x.json", "--method", "ahp"], ["rank", "x.json", "--format", "csv"]],
)
def test_usage_errors_exit_with_status_two(
    capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    with pytest.raises(SystemExit) as raised:
        main(argv)
    assert raised.value.code == 2
    assert "usage: coproduce design" in capsys.readouterr().err


DOC = Path(__file__).resolve().parents[3] / "docs" / "methods" / "appraisal.md"


def test_the_documentation_shows_the_example_file_and_its_real_output(
    capsys: pytest.CaptureFixture[str], square_path: Path
) -> None:
    doc = DOC.read_text()
    shown_input = doc.split("## Input\n\n```json\n")[1].split("```")[0]
    assert json.loads(shown_input) == json.loads(square_path.read_text())
    command = "$ coproduce design rank docs/methods/appraisal-square.json --method topsis\n"
    shown_output = doc.split(command)[1].split("  …")[0]
    main(["rank", str(square_path), "--method", "topsis"])
    assert capsys.readouterr().out.startswith(shown_output)
