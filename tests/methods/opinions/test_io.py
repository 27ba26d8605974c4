"""Reading Polis exports in both layouts."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from coproduce.methods.opinions import PolisExportError, read_polis_export
from coproduce.methods.opinions.matrix import build_vote_matrix
from tests.methods.opinions.conftest import API_DUMPS, CONVERSATIONS


@pytest.mark.parametrize("name", CONVERSATIONS)
def test_it_reads_every_shared_conversation(load_export, name: str) -> None:
    export = load_export(name)
    matrix = build_vote_matrix(export.conversation)
    assert matrix.shape[0] >= 26
    assert matrix.shape[1] >= 29
    assert np.isin(matrix.codes.data, (1, 2, 3)).all()
    assert export.polis_groups, "every shared export carries Polis' own groups"


def test_there_are_eighteen_shared_conversations() -> None:
    assert len(CONVERSATIONS) == 18
    assert len(API_DUMPS) == 4


@pytest.mark.parametrize("name", API_DUMPS)
def test_api_votes_are_read_with_agree_as_plus_one(load_export, polis_dir: Path, name: str) -> None:
    comments = json.loads((polis_dir / name / "comments.json").read_text())
    matrix = build_vote_matrix(load_export(name).conversation)
    agrees = np.asarray((matrix.codes == 3).sum(axis=0)).ravel()
    by_id = dict(zip(matrix.statement_ids.tolist(), agrees.tolist(), strict=True))
    for comment in comments:
        tid = comment.get("statement_id", comment.get("tid"))
        assert by_id.get(tid, 0) == comment["agree_count"]


def test_polis_api_sign_is_flipped_when_agree_is_minus_one(tmp_path: Path) -> None:
    votes = [{"pid": p, "tid": 0, "vote": -1, "modified": p} for p in range(3)]
    comments = [{"tid": 0, "txt": "x", "mod": 1, "agree_count": 3, "disagree_count": 0}]
    (tmp_path / "votes.json").write_text(json.dumps(votes))
    (tmp_path / "comments.json").write_text(json.dumps(comments))
    conversation = read_polis_export(tmp_path).conversation
    assert conversation.vote_value.tolist() == [1, 1, 1]


def test_the_latest_vote_wins_over_an_earlier_one(tmp_path: Path) -> None:
    (tmp_path / "comments.csv").write_text("comment-id,moderated,comment-body\n0,1,a\n")
    (tmp_path / "votes.csv").write_text(
        "timestamp,comment-id,voter-id,vote\n20,0,7,-1\n10,0,7,1\n30,0,8,1\n"
    )
    matrix = build_vote_matrix(read_polis_export(tmp_path).conversation)
    assert matrix.dense_values().tolist() == [[-1.0], [1.0]]


def _write_export(folder: Path, votes: str) -> None:
    (folder / "comments.csv").write_text("comment-id,moderated,comment-body\n0,1,a\n")
    (folder / "votes.csv").write_text(votes)


def test_a_bad_vote_is_reported_with_file_and_line(tmp_path: Path) -> None:
    _write_export(tmp_path, "timestamp,comment-id,voter-id,vote\n1,0,1,1\n2,0,2,5\n")
    with pytest.raises(PolisExportError, match=r"votes\.csv:3: vote 5"):
        read_polis_export(tmp_path)


def test_a_missing_column_is_reported(tmp_path: Path) -> None:
    _write_export(tmp_path, "timestamp,comment-id,vote\n1,0,1\n")
    with pytest.raises(PolisExportError, match=r"votes\.csv:1: missing column.*voter-id"):
        read_polis_export(tmp_path)


def test_a_non_number_is_reported(tmp_path: Path) -> None:
    _write_export(tmp_path, "timestamp,comment-id,voter-id,vote\n1,zero,1,1\n")
    with pytest.raises(PolisExportError, match=r"votes\.csv:2: comment-id 'zero'"):
        read_polis_export(tmp_path)


def test_invalid_json_is_reported_with_its_line(tmp_path: Path) -> None:
    (tmp_path / "votes.json").write_text("[\n{,\n]")
    (tmp_path / "comments.json").write_text("[]")
    with pytest.raises(PolisExportError, match=r"votes\.json:2: invalid JSON"):
        read_polis_export(tmp_path)


def test_a_folder_without_an_export_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(PolisExportError, match="not a Polis export"):
        read_polis_export(tmp_path)
    with pytest.raises(PolisExportError, match="not a directory"):
        read_polis_export(tmp_path / "missing")
