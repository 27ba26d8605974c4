"""Writing the openData CSV layout back out."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from coproduce.methods.opinions import analyse, read_polis_export
from coproduce.methods.opinions.writer import write_polis_export


@pytest.mark.parametrize("name", ["bg2050-volunteers", "api.3ntrtcehas"])
def test_a_written_export_reads_back_to_the_same_opinion_map(
    load_export, tmp_path: Path, name: str
) -> None:
    conversation = load_export(name).conversation
    result = analyse(conversation, seed=2)
    write_polis_export(conversation, tmp_path, opinion_map=result)
    back = read_polis_export(tmp_path)
    assert back.polis_groups == result.groups()
    assert analyse(back.conversation, seed=2).to_json() == result.to_json()


def test_the_written_files_have_polis_opendata_headers(load_export, tmp_path: Path) -> None:
    write_polis_export(load_export("london.youth.policing").conversation, tmp_path)
    with (tmp_path / "votes.csv").open() as handle:
        assert next(csv.reader(handle)) == [
            "timestamp",
            "datetime",
            "comment-id",
            "voter-id",
            "vote",
        ]
    with (tmp_path / "participants-votes.csv").open() as handle:
        header = next(csv.reader(handle))
    assert header[:6] == [
        "participant",
        "group-id",
        "n-comments",
        "n-votes",
        "n-agree",
        "n-disagree",
    ]
    summary = (tmp_path / "summary.csv").read_text().splitlines()
    assert summary[0].startswith("topic,")
