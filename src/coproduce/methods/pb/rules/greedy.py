"""Greedy rules: by votes (what most cities use), by votes per unit of cost, and the variants
recorded in pabulib's ``rule`` field (no-skip, score threshold, Poznań's 80 % reserve rule),
within per-category budgets where a file declares them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from coproduce.methods.pb.outcome import Code, Decision, Outcome
from coproduce.methods.pb.profile import Profile
from coproduce.methods.pb.tiebreak import tie_ranks

__all__ = ["GreedyVariant", "greedy", "greedy_order"]


@dataclass(frozen=True, slots=True)
class GreedyVariant:
    """How a greedy rule walks down its order.

    ``skip``: a project that does not fit is passed over (else the rule stops there).
    ``threshold``: projects whose score is below it are not eligible.
    ``reserve_share``: Poznań's rule — after stopping, fund the project that did not fit when
    the money left covers at least this share of its cost. ``per_cost``: order by score per
    unit of cost. ``fund_unsupported``: also fund projects nobody voted for (pabutools).
    """

    skip: bool = True
    threshold: int | None = None
    reserve_share: Fraction | None = None
    per_cost: bool = False
    fund_unsupported: bool = False


def greedy_order(profile: Profile, tie_break: str, *, per_cost: bool) -> list[int]:
    """Return project indices by decreasing score (per unit of cost if ``per_cost``), ties by
    ``tie_break``. Exact: scores per cost are compared as fractions; free projects come first.
    """
    scores = profile.scores().tolist()
    ranks = tie_ranks(profile, tie_break).tolist()
    costs = profile.costs.tolist()

    def key(j: int) -> tuple[float | Fraction, int]:
        if not per_cost:
            return (-scores[j], ranks[j])
        if costs[j] == 0:
            return (-float("inf") if scores[j] > 0 else 0, ranks[j])
        return (-Fraction(scores[j], costs[j]), ranks[j])

    return sorted(range(profile.n_projects), key=key)


def greedy(
    profile: Profile,
    *,
    tie_break: str,
    variant: GreedyVariant = GreedyVariant(),
    rule: str = "greedy",
    start: Iterable[int] = (),
    budget: int | None = None,
    caps: Mapping[str, int] | None = None,
    categories: Sequence[tuple[str, ...]] = (),
) -> Outcome:
    """Return the greedy outcome: walk the order, funding each eligible project that fits.

    ``start`` projects are already funded (used when greedy completes another rule) and
    ``budget`` (minor units) defaults to the election's. ``caps``: the most that may be spent
    on each category (pabulib's ``budget_per_category``); ``categories[j]`` are project j's.
    A project that would overspend one of its categories is passed over.
    """
    limit = profile.budget if budget is None else budget
    chosen = list(start)
    spent = sum(int(profile.costs[j]) for j in chosen)
    scores = profile.scores()
    caps = caps or {}
    capped = [
        tuple(c for c in categories[j] if c in caps) if caps else ()
        for j in range(profile.n_projects)
    ]
    in_category = dict.fromkeys(caps, 0)
    for j in chosen:
        for c in capped[j]:
            in_category[c] += int(profile.costs[j])
    decisions: list[Decision] = []
    for j in greedy_order(profile, tie_break, per_cost=variant.per_cost):
        if j in chosen:
            continue
        pid, cost, score = profile.ids[j], int(profile.costs[j]), int(scores[j])
        data = {"score": score, "cost": cost, "spent_before": spent}
        if score == 0 and not variant.fund_unsupported:
            decisions.append(Decision(pid, "skipped", Code.NO_SUPPORT, data))
            continue
        if variant.threshold is not None and score < variant.threshold:
            decisions.append(
                Decision(
                    pid, "skipped", Code.BELOW_THRESHOLD, {**data, "threshold": variant.threshold}
                )
            )
            continue
        full = [c for c in capped[j] if in_category[c] + cost > caps[c]]
        if full and spent + cost <= limit:
            c = full[0]
            decisions.append(
                Decision(
                    pid,
                    "skipped",
                    Code.CATEGORY_FULL,
                    {**data, "category": c, "cap": caps[c], "spent_in_category": in_category[c]},
                )
            )
            continue
        if spent + cost <= limit:
            chosen.append(j)
            spent += cost
            for c in capped[j]:
                in_category[c] += cost
            decisions.append(Decision(pid, "selected", Code.FITS, data))
            continue
        beside = [profile.ids[k] for k in chosen]
        decisions.append(Decision(pid, "skipped", Code.DOES_NOT_FIT, {**data, "beside": beside}))
        if not variant.skip:
            if variant.reserve_share is not None and limit - spent >= variant.reserve_share * cost:
                chosen.append(j)
                spent += cost
                decisions[-1] = Decision(pid, "selected", Code.RESERVE, data)
            break
    return _outcome(profile, rule, chosen, spent, decisions, limit)


def _outcome(
    profile: Profile,
    rule: str,
    chosen: list[int],
    spent: int,
    decisions: list[Decision],
    limit: int,
) -> Outcome:
    decided = {d.project for d in decisions}
    rest = [
        Decision(profile.ids[j], "skipped", Code.NOT_REACHED, {"cost": int(profile.costs[j])})
        for j in range(profile.n_projects)
        if profile.ids[j] not in decided and j not in chosen
    ]
    return Outcome(
        rule=rule,
        selected=tuple(profile.ids[j] for j in chosen),
        cost=spent,
        budget=limit,
        decisions=tuple(decisions + rest),
    )
