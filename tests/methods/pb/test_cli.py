"""``coproduce pb``: tally, check, compare and explain from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coproduce.methods.pb import Election
from coproduce.methods.pb.cli import main


def test_tally_prints_json_with_the_winners_as_written_in_the_file(
    pabulib_dir: Path, assen: Election, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["tally", str(pabulib_dir / "Netherlands_Assen_2024.pb"), "--format", "json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert set(printed["selected"]) == {p.id for p in assen.projects if p.selected}
    assert printed["rule"] == "equal-shares" and printed["cost"] == "76700"
    assert printed["explanation"]["8"]["selected"] is False
    assert "supporters" in printed["explanation"]["8"]["sentence"]


def test_tally_takes_a_rule_a_utility_and_a_tie_break(
    pabulib_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(pabulib_dir / "Poland_Gdansk_2020_Jasien.pb")
    args = ["tally", path, "--rule", "equal-shares", "--utility", "points", "--tie-break", "id"]
    assert main([*args, "--completion", "add1e", "--compat", "pabutools"]) == 0
    assert "equal-shares:" in capsys.readouterr().out


def test_check_names_the_line_of_a_broken_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.pb"
    broken.write_text(
        "META\nkey;value\nbudget;10\nPROJECTS\nproject_id;cost\nx;5\nVOTES\nvoter_id;vote\n1;y\n"
    )
    assert main(["check", str(broken)]) == 2
    assert f"{broken}:9: vote names unknown project 'y'" in capsys.readouterr().err


def test_check_reports_limit_breaches_with_their_lines(
    pabulib_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(pabulib_dir / "Poland_Warszawa_2026_Tarchomin.pb")]) == 1
    assert "Tarchomin.pb:135: a project appears twice" in capsys.readouterr().out


def test_check_passes_a_consistent_file(
    pabulib_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(pabulib_dir / "Netherlands_Assen_2024.pb")]) == 0
    assert "OK (14 projects, 84 votes)" in capsys.readouterr().out


def test_compare_shows_every_rule_with_its_analysis(
    pabulib_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(["compare", str(pabulib_dir / "Netherlands_Assen_2024.pb"), "--format", "json"]) == 0
    )
    rows = json.loads(capsys.readouterr().out)
    assert set(rows) == {"greedy", "greedy-per-cost", "equal-shares", "phragmen", "max-welfare"}
    assert rows["equal-shares"]["analysis"]["ejr_up_to_one"]["holds"] is True


def test_explain_prints_one_sentence_for_the_project(
    pabulib_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(pabulib_dir / "Netherlands_Assen_2024.pb")
    assert main(["explain", path, "--project", "8", "--rule", "greedy"]) == 0
    assert capsys.readouterr().out.startswith("Funded: with a score of 25")


def test_explain_refuses_an_unknown_project(pabulib_dir: Path) -> None:
    path = str(pabulib_dir / "Netherlands_Assen_2024.pb")
    assert main(["explain", path, "--project", "nope"]) == 2


def test_tally_with_the_comparison_step_explains_a_switch_to_greedy(
    pabulib_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(pabulib_dir / "Netherlands_Assen_2024.pb")
    assert main(["tally", path, "--comparison", "satisfaction", "--format", "json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["notes"][-1]["code"] == "comparison_switched"
    assert {x["code"] for x in printed["explanation"].values()} >= {"fits", "does_not_fit"}
    assert all(x["sentence"] for x in printed["explanation"].values())


def test_tally_help_lists_each_rule_once_and_explains_every_option(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        main(["tally", "--help"])
    usage = capsys.readouterr().out
    choices = usage.split("--rule {", 1)[1].split("}", 1)[0].split(",")
    assert choices.count("greedy-per-cost") == 1 and len(choices) == len(set(choices))
    options = ("file", "--rule", "--utility", "--completion", "--comparison", "--tie-break")
    described = usage.split("options:", 1)[1] + usage.split("positional arguments:", 1)[1]
    for option in (*options, "--compat", "--format"):
        entry = described.split(f"  {option}", 1)[1].split("\n  -", 1)[0]
        assert len(entry.split()) > 3, option
