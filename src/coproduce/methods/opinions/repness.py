"""Representative statements of each opinion group, exactly as Polis selects them."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from coproduce.methods.opinions.stats import Z_90, GroupCounts, prop_test, two_prop_test

__all__ = ["RepStat", "repness_table", "representative_statements"]

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class RepStat:
    """Why a statement represents a group, in Polis' terms.

    ``repful_for`` says whether the group agrees or disagrees more than the rest;
    ``p_success`` is the group's pseudocount probability of that vote, ``p_test`` its
    one-proportion z-score, ``repness`` the ratio to the rest of the participants and
    ``repness_test`` the two-proportion z-score. ``best_agree`` marks the statement put
    first because it is what the group most clearly agrees with.
    """

    statement: int
    repful_for: Literal["agree", "disagree"]
    n_success: int
    n_trials: int
    p_success: float
    p_test: float
    repness: float
    repness_test: float
    best_agree: bool = False
    n_agree: int | None = None

    def display(self) -> tuple[str, float]:
        """Return what to tell people: ("agree" | "disagree", share of the group).

        The best-agree statement is shown as agreement even when Polis finalised it on the
        disagree side; the share is then the group's pseudocount agree probability.
        """
        if self.best_agree and self.n_agree is not None and self.repful_for == "disagree":
            return "agree", (self.n_agree + 1) / (self.n_trials + 2)
        return self.repful_for, self.p_success

    @property
    def metric(self) -> float:
        """Return Polis' sort key: repness × repness-test × p-success × p-test.

        Polis rounds repness-test to single precision before sorting; so do we, so that
        near-ties order as in Polis.
        """
        return self.repness * float(np.float32(self.repness_test)) * self.p_success * self.p_test


def repness_table(counts: GroupCounts) -> dict[str, FloatArray]:
    """Return every Polis statistic per group × statement (keys ``na nd ns pa pd pat pdt
    ra rd rat rdt``), each group compared with all other grouped participants."""
    na, nd, ns = counts.agree, counts.disagree, counts.seen
    rest_a, rest_d, rest_s = na.sum(0) - na, nd.sum(0) - nd, ns.sum(0) - ns
    pa, pd = (na + 1) / (ns + 2), (nd + 1) / (ns + 2)
    return {
        "na": na,
        "nd": nd,
        "ns": ns,
        "pa": pa,
        "pd": pd,
        "pat": prop_test(na, ns),
        "pdt": prop_test(nd, ns),
        "ra": pa / ((rest_a + 1) / (rest_s + 2)),
        "rd": pd / ((rest_d + 1) / (rest_s + 2)),
        "rat": two_prop_test(na, rest_a, ns, rest_s),
        "rdt": two_prop_test(nd, rest_d, ns, rest_s),
    }


def _stat(table: dict[str, FloatArray], g: int, j: int, tid: int) -> RepStat:
    """Return the finalised statistic (agree if rat > rdt, else disagree), as Polis does."""
    agree = table["rat"][g, j] > table["rdt"][g, j]
    a, n, p, t, r, rt = (
        ("na", "ns", "pa", "pat", "ra", "rat") if agree else ("nd", "ns", "pd", "pdt", "rd", "rdt")
    )
    return RepStat(
        tid,
        "agree" if agree else "disagree",
        int(table[a][g, j]),
        int(table[n][g, j]),
        float(table[p][g, j]),
        float(table[t][g, j]),
        float(table[r][g, j]),
        float(table[rt][g, j]),
    )


def _beats_best_agree(
    table: dict[str, FloatArray], g: int, j: int, best: int | None, z: float
) -> bool:
    """Polis' ``beats-best-agr?``: the candidate for the group's best agreed statement."""
    get = {key: table[key][g] for key in ("na", "nd", "ra", "rat", "pa", "pat")}
    if get["na"][j] == 0 and get["nd"][j] == 0:
        return False
    if best is not None and get["ra"][best] > 1.0:

        def score(i: int) -> float:
            """Polis' robust agree measure ra·rat·pa·pat."""
            return float(get["ra"][i] * get["rat"][i] * get["pa"][i] * get["pat"][i])

        return score(j) > score(best)
    if best is not None:
        return bool(get["pa"][j] * get["pat"][j] > get["pa"][best] * get["pat"][best])
    return bool(get["pat"][j] > z or (get["ra"][j] > 1.0 and get["pa"][j] > 0.5))


def _scan(
    table: dict[str, FloatArray], g: int, columns: list[int], ids: list[int], z: float
) -> tuple[list[RepStat], int | None, int | None]:
    """Return (sufficient statements, best column, best-agree column), Polis' single pass."""
    sufficient: list[RepStat] = []
    best: int | None = None
    best_agree: int | None = None
    for j in columns:
        t = {key: table[key][g, j] for key in ("pat", "rat", "pdt", "rdt")}
        if (t["rat"] > z and t["pat"] > z) or (t["rdt"] > z and t["pdt"] > z):
            sufficient.append(_stat(table, g, j, ids[j]))
        if not sufficient and (
            best is None
            or max(t["rat"], t["rdt"]) > max(table["rat"][g, best], table["rdt"][g, best])
        ):
            best = j
        if _beats_best_agree(table, g, j, best_agree, z):
            best_agree = j
    return sufficient, best, best_agree


def _select_group(
    table: dict[str, FloatArray],
    g: int,
    columns: list[int],
    ids: list[int],
    pick_max: int,
    z: float,
) -> tuple[RepStat, ...]:
    sufficient, best, best_agree = _scan(table, g, columns, ids, z)
    head: list[RepStat] = []
    if best_agree is not None:
        stat = _stat(table, g, best_agree, ids[best_agree])
        n_agree = int(table["na"][g, best_agree])
        head = [RepStat(**{**stat.__dict__, "best_agree": True, "n_agree": n_agree})]
    elif best is not None:
        head = [_stat(table, g, best, ids[best])]
    if not sufficient:
        return tuple(head)
    rest = sorted(
        (s for s in sufficient if best_agree is None or s.statement != ids[best_agree]),
        key=lambda s: -s.metric,
    )
    chosen = ((head if best_agree is not None else []) + rest)[:pick_max]
    return tuple(
        [s for s in chosen if s.repful_for == "agree"]
        + [s for s in chosen if s.repful_for == "disagree"]
    )


def representative_statements(
    counts: GroupCounts,
    *,
    mod_out: Collection[int] = (),
    pick_max: int = 5,
    z: float = Z_90,
) -> dict[int, tuple[RepStat, ...]]:
    """Return up to ``pick_max`` representative statements per group, Polis' order.

    A statement qualifies when both its probability test and its group-vs-rest test pass
    the one-sided 90 % threshold, for agree or for disagree; qualifying statements are
    sorted by :attr:`RepStat.metric`, the group's best agreed statement goes first, and
    agrees come before disagrees. With none qualifying, the single best one is returned.
    Statements in ``mod_out`` are never chosen.
    """
    table = repness_table(counts)
    ids = counts.statement_ids.tolist()
    out = set(mod_out)
    columns = [j for j, tid in enumerate(ids) if tid not in out]
    return {
        g: _select_group(table, g, columns, ids, pick_max, z) for g in range(counts.agree.shape[0])
    }
