"""Read the Polis API JSON layout (votes, comments, conversation, math-pca2)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from coproduce.methods.opinions.conversation import Conversation, Statement
from coproduce.methods.opinions.errors import PolisExportError
from coproduce.methods.opinions.export import PolisExport

__all__ = ["read_api_export"]


def _load(path: Path, kind: type) -> Any:
    if not path.is_file():
        raise PolisExportError(path, "file not found")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise PolisExportError(path, f"invalid JSON: {error.msg}", error.lineno) from None
    if not isinstance(data, kind):
        raise PolisExportError(path, f"expected a JSON {kind.__name__}")
    return data


def _field(path: Path, index: int, item: dict[str, Any], *names: str) -> Any:
    for name in names:
        if name in item and item[name] is not None:
            return item[name]
    raise PolisExportError(path, f"record {index} lacks {' or '.join(names)}")


def _statements(path: Path) -> list[Statement]:
    out = []
    for i, item in enumerate(_load(path, list)):
        out.append(
            Statement(
                id=int(_field(path, i, item, "statement_id", "tid")),
                text=str(item.get("txt") or ""),
                moderated=int(item.get("moderated", item.get("mod", 0)) or 0),
                is_meta=bool(item.get("is_meta", False)),
                author=item.get("participant_id", item.get("pid")),
            )
        )
    return out


def _votes(path: Path) -> NDArray[np.float64]:
    """Return an (n, 4) array of participant, statement, raw vote, timestamp."""
    rows = []
    for i, item in enumerate(_load(path, list)):
        vote = _field(path, i, item, "vote")
        if vote not in (-1, 0, 1):
            raise PolisExportError(path, f"record {i}: vote {vote!r} is not -1, 0 or 1")
        rows.append(
            (
                _field(path, i, item, "participant_id", "pid"),
                _field(path, i, item, "statement_id", "tid"),
                vote,
                float(item.get("modified") or item.get("created") or i),
            )
        )
    return np.array(rows, dtype=np.float64).reshape(-1, 4)


def _agree_sign(votes: NDArray[np.float64], comments: list[dict[str, Any]]) -> int:
    """Return the raw value that means "agree": Polis' API uses -1, some dumps +1.

    Decided by matching each comment's ``agree_count`` against the raw vote counts; without
    counts, Polis' own convention (-1) is assumed.
    """
    miss = {1: 0, -1: 0}
    seen = False
    for item in comments:
        count = item.get("agree_count")
        tid = item.get("statement_id", item.get("tid"))
        if count is None or tid is None:
            continue
        seen = True
        on = votes[votes[:, 1] == tid, 2]
        for sign in miss:
            miss[sign] += abs(int(count) - int((on == sign).sum()))
    if not seen:
        return -1
    return 1 if miss[1] <= miss[-1] else -1


def polis_group_labels(math: dict[str, Any]) -> dict[int, int]:
    """Return participant → group id from ``math-pca2.json`` (groups hold base clusters)."""
    base = math.get("base-clusters") or {}
    members = dict(zip(base.get("id", []), base.get("members", []), strict=False))
    out: dict[int, int] = {}
    for group in math.get("group-clusters") or []:
        for bid in group["members"]:
            for pid in members.get(bid, []):
                out[int(pid)] = int(group["id"])
    return out


def read_api_export(folder: Path) -> PolisExport:
    """Return the conversation of a Polis API dump folder; raise PolisExportError if bad."""
    statements = _statements(folder / "comments.json")
    table = _votes(folder / "votes.json")
    sign = _agree_sign(table, _load(folder / "comments.json", list))
    meta_path = folder / "conversation.json"
    meta = _load(meta_path, dict) if meta_path.is_file() else {}
    math_path = folder / "math-pca2.json"
    math = _load(math_path, dict) if math_path.is_file() else None
    known = {s.id for s in statements}
    tids = table[:, 1].astype(np.int64)
    statements += [Statement(id=int(t)) for t in sorted(set(tids.tolist()) - known)]
    conversation = Conversation(
        statements=tuple(statements),
        vote_participant=table[:, 0].astype(np.int64),
        vote_statement=tids,
        vote_value=(table[:, 2] * sign).astype(np.int8),
        vote_time=table[:, 3].copy(),
        participants=np.unique(table[:, 0].astype(np.int64)),
        topic=str(meta.get("topic") or ""),
    )
    return PolisExport(
        folder,
        "api",
        conversation,
        strict_moderation=bool(meta.get("strict_moderation", False)),
        polis_groups=polis_group_labels(math) if math else None,
        polis_math=math,
    )
