"""Polis conversations in and out: the analysis of an imported then exported conversation
equals the analysis of the original, on every shared Polis conversation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from coproduce.cli import main as coproduce_main
from coproduce.design.analysis import polis_read, polis_write
from coproduce.design.models import OpinionAnalysis, OpinionMap, OpinionVote
from coproduce.design.services.exchange import opinion_map_import
from coproduce.methods.opinions import analyse, read_polis_export
from tests.conftest import SHARED_DATA

pytestmark = pytest.mark.django_db

POLIS = SHARED_DATA / "polis"
# The two largest (225,000 and 131,000 votes) take minutes to load into SQLite.
LARGEST = {"american-assembly.bowling-green", "austria-climate.2vkxcncppn.2022-07-07"}
CONVERSATIONS = (
    [
        pytest.param(name, marks=pytest.mark.slow) if name in LARGEST else name
        for name in sorted(p.name for p in POLIS.iterdir() if p.is_dir())
    ]
    if POLIS.is_dir()
    else []
)


@pytest.mark.parametrize("name", CONVERSATIONS)
def test_an_imported_then_exported_conversation_analyses_as_the_original(
    name: str, activity_in: Any, tmp_path: Path
) -> None:
    activity = activity_in("design", "opinion_map")
    opinion_map = opinion_map_import(activity=activity, rows=polis_read(POLIS / name))
    out = polis_write(opinion_map, tmp_path / name)
    original = analyse(read_polis_export(POLIS / name).conversation)
    again = analyse(read_polis_export(out).conversation)
    assert again.to_dict() == original.to_dict()


def test_the_command_line_routes_import_and_export_to_django(monkeypatch: Any) -> None:
    routed: list[list[str]] = []
    monkeypatch.setattr(
        "django.core.management.execute_from_command_line", lambda argv: routed.append(argv)
    )
    assert coproduce_main(["opinions", "import", "DIR", "--activity", "7"]) == 0
    assert coproduce_main(["opinions", "export", "7", "OUT"]) == 0
    assert routed == [
        ["coproduce", "opinions_import", "DIR", "--activity", "7"],
        ["coproduce", "opinions_export", "7", "OUT"],
    ]


def test_the_commands_import_and_export(activity_in: Any, tmp_path: Path, capsys: Any) -> None:
    activity = activity_in("design", "opinion_map")
    folder = POLIS / "london.youth.policing"
    call_command("opinions_import", str(folder), activity=activity.pk)
    assert "groups" in capsys.readouterr().out
    opinion_map = OpinionMap.objects.get(activity=activity)
    assert OpinionVote.objects.filter(statement__opinion_map=opinion_map).exists()
    assert OpinionAnalysis.objects.filter(opinion_map=opinion_map).exists()
    call_command("opinions_export", str(activity.pk), str(tmp_path / "out"))
    assert {p.name for p in (tmp_path / "out").iterdir()} >= {"comments.csv", "votes.csv"}
    with pytest.raises(CommandError, match="already has statements"):
        call_command("opinions_import", str(folder), activity=activity.pk)
    with pytest.raises(CommandError, match="not a directory"):
        call_command("opinions_import", str(tmp_path / "nowhere"), activity=activity.pk)
    with pytest.raises(CommandError, match="has no opinion map"):
        call_command("opinions_export", "999999", str(tmp_path / "none"))


def test_the_methods_subcommands_still_run_without_django(capsys: Any) -> None:
    folder = POLIS / "london.youth.policing"
    assert coproduce_main(["opinions", "analyse", str(folder), "--format", "table"]) == 0
    assert capsys.readouterr().out
