"""``coproduce evaluation …`` on CSV files."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from statsmodels.stats.weightstats import CompareMeans, DescrStatsW

from coproduce.methods.experiments import analyse, read_experiment_csv
from coproduce.methods.experiments.cli import main


def test_json_output_has_the_documented_shape_and_equals_statsmodels(
    capsys: pytest.CaptureFixture[str], example_csv: Path
) -> None:
    assert (
        main(
            ["analyse", str(example_csv), "--outcome", "hours", "--arm", "arm", "--format", "json"]
        )
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert data["control"] == "control" and data["control_default"] is True
    assert data["n"] == {"control": 121, "letter": 119}
    letter = data["arms"]["letter"]
    assert set(letter) >= {"estimate", "se", "ci_low", "ci_high", "p_value", "permutation_p"}
    rows = list(csv.DictReader(io.StringIO(example_csv.read_text())))
    hours = {arm: [float(r["hours"]) for r in rows if r["arm"] == arm] for arm in data["n"]}
    compare = CompareMeans(DescrStatsW(hours["letter"]), DescrStatsW(hours["control"]))
    assert letter["p_value"] == pytest.approx(compare.ttest_ind(usevar="unequal")[1], rel=1e-9)


def test_stratified_json_equals_the_library_result(
    capsys: pytest.CaptureFixture[str], example_csv: Path
) -> None:
    argv = ["analyse", str(example_csv), "--outcome", "hours", "--arm", "arm"]
    main(
        [
            *argv,
            "--strata",
            "place,age_band",
            "--seed",
            "3",
            "--permutations",
            "500",
            "--format",
            "json",
        ]
    )
    data = read_experiment_csv(
        example_csv, arm="arm", outcome="hours", strata=["place", "age_band"]
    )
    expected = analyse(data.outcomes, data.arms, strata=data.strata, seed=3, permutations=500)
    out = json.loads(capsys.readouterr().out)
    assert out == json.loads(expected.to_json())
    assert out["method"] == "neyman_blocked" and out["arms"]["letter"]["strata"] == 6


def test_the_table_names_the_default_control_and_the_tests(
    capsys: pytest.CaptureFixture[str], example_csv: Path
) -> None:
    assert (
        main(
            [
                "analyse",
                str(example_csv),
                "--outcome",
                "hours",
                "--arm",
                "arm",
                "--permutations",
                "99",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "Control: control (the first arm in sorted order; name another with --control)" in out
    assert "Welch's t-test" in out
    assert "vs control" in out and "permutation p" in out
    assert "99 re-randomisations (seed 0)" in out


def test_a_named_control_is_used(capsys: pytest.CaptureFixture[str], example_csv: Path) -> None:
    argv = [
        "analyse",
        str(example_csv),
        "--outcome",
        "hours",
        "--arm",
        "arm",
        "--control",
        "letter",
    ]
    assert main([*argv, "--permutations", "9", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["control"] == "letter" and data["control_default"] is False
    assert data["arms"]["control"]["estimate"] < 0


def test_the_worked_example_in_the_documentation_is_what_the_command_prints(
    capsys: pytest.CaptureFixture[str], example_csv: Path
) -> None:
    argv = ["analyse", str(example_csv), "--outcome", "hours", "--arm", "arm"]
    main([*argv, "--strata", "place,age_band"])
    doc = (example_csv.parent / "experiments.md").read_text()
    assert capsys.readouterr().out.strip() in doc


GOOD = "arm,y\nA,1\nA,2\nB,3\nB,5\n"


@pytest.mark.parametrize(
    ("text", "extra", "message"),
    [
        ("arm,y\nA,1\nA,2\nB,x\n", [], "row 3 (line 4): the outcome 'x' in column 'y' is not a"),
        ("arm,y\nA,1\nA,2\nB,\n", [], "row 3 (line 4): the outcome '' in column 'y'"),
        ("arm,z\nA,1\n", [], "no column 'y'; the columns are arm, z"),
        ("arm,y\n", [], "there are no rows"),
        (GOOD, ["--control", "C"], "control arm 'C' is not in the data; the arms are A, B"),
        ("arm,y\nA,1\nA,2\nB,3\n", [], "arm 'B' has 1 unit"),
        (GOOD.replace("\n", ",n\n") + "B,1,s\nB,2,s\n", ["--strata", "s"],
         "stratum 's' has 0 unit(s) in arm 'A'"),
    ],
)  # fmt: skip
def test_bad_input_exits_with_status_one_and_a_clear_message(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, text: str, extra: list[str], message: str
) -> None:
    path = tmp_path / "data.csv"
    path.write_text(text.replace("arm,y,n", "arm,y,s"))
    assert main(["analyse", str(path), "--outcome", "y", "--arm", "arm", *extra]) == 1
    err = capsys.readouterr().err
    assert err.startswith("coproduce evaluation: ")
    assert message in err


def test_a_missing_file_exits_with_status_one(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["analyse", str(tmp_path / "none.csv"), "--outcome", "y", "--arm", "a"]) == 1
    assert "none.csv" in capsys.readouterr().err


def test_a_missing_option_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], example_csv: Path
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["analyse", str(example_csv), "--arm", "arm"])
    assert exit_.value.code == 2
    assert "--outcome" in capsys.readouterr().err


def test_dropping_incomplete_strata_is_reported(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "data.csv"
    path.write_text("arm,y,s\nA,1,n\nA,2,n\nB,3,n\nB,5,n\nB,1,s\nB,4,s\n")
    argv = ["analyse", str(path), "--outcome", "y", "--arm", "arm", "--strata", "s"]
    assert main([*argv, "--drop-incomplete-strata", "--permutations", "9"]) == 0
    assert (
        "Note: stratum 's' left out of B vs A: arm A has 0 unit(s) there."
        in capsys.readouterr().out
    )


def test_balance_prints_means_shares_and_differences(
    capsys: pytest.CaptureFixture[str], example_csv: Path
) -> None:
    argv = ["balance", str(example_csv), "--arm", "arm", "--covariates", "age,tenure"]
    assert main([*argv, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [(r["covariate"], r["level"]) for r in data["rows"]] == [
        ("age", None), ("tenure", "owner"), ("tenure", "renter"), ("tenure", "social")
    ]  # fmt: skip
    assert main(argv) == 0
    assert "std diff letter" in capsys.readouterr().out


def test_power_prints_a_sample_size_and_a_minimum_detectable_effect(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["power", "--difference", "1", "--sd", "2", "--format", "json"]) == 0
    plan = json.loads(capsys.readouterr().out)
    assert (plan["n_control"], plan["n_treatment"], plan["effect_size"]) == (64, 64, 0.5)
    assert main(["power", "--proportions", "0.3", "0.4"]) == 0
    assert "Control arm: 356 units" in capsys.readouterr().out
    assert main(["power", "--n", "64", "--sd", "2"]) == 0
    assert "Minimum detectable effect with 64 control units: 0.4991 SD" in capsys.readouterr().out
    assert main(["power"]) == 1
    assert "give --effect" in capsys.readouterr().err


def test_assign_writes_a_reproducible_balanced_csv(
    capsys: pytest.CaptureFixture[str], example_csv: Path
) -> None:
    argv = ["assign", str(example_csv), "--unit", "resident", "--arms", "control,letter"]
    argv += ["--strata", "place,age_band", "--seed", "20250314"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == ["resident", "place", "age_band", "arm"]
    # the shipped example was assigned with this very command
    shipped = {
        r["resident"]: r["arm"] for r in csv.DictReader(io.StringIO(example_csv.read_text()))
    }
    assert {r["resident"]: r["arm"] for r in rows} == shipped
    main(argv)
    assert capsys.readouterr().out == out


def test_export_writes_the_summary_with_small_cells_empty(
    capsys: pytest.CaptureFixture[str], example_csv: Path
) -> None:
    argv = ["export", str(example_csv), "--outcome", "hours", "--arm", "arm"]
    assert main([*argv, "--strata", "place,age_band", "--k", "15"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    small = [r for r in rows if r["n"] == ""]
    assert {(r["stratum"], r["arm"]) for r in small} == {
        ("north / 65+", "control"), ("north / 65+", "letter"),
        ("south / 65+", "control"), ("south / 65+", "letter"),
    }  # fmt: skip
    assert all(r["mean"] == r["sd"] == "" for r in small)
    assert rows[-1] == {
        "stratum": "(all)",
        "arm": "(all)",
        "n": "240",
        "mean": rows[-1]["mean"],
        "sd": rows[-1]["sd"],
    }
