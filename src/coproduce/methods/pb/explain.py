"""Plain-language reasons, one per project, with the structured numbers behind them.

Sentences are written for residents; every number they use is also in ``data`` for charts.
For Equal Shares a project left out names the winners its supporters spent their shares on.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from coproduce.methods.pb.election import Election
from coproduce.methods.pb.outcome import Decision, Outcome

__all__ = ["Explanation", "explain"]


@dataclass(frozen=True, slots=True)
class Explanation:
    """Why one project was or was not funded: a sentence and the data behind it."""

    project: str
    selected: bool
    sentence: str
    data: Mapping[str, Any]


def _money(election: Election, amount: float) -> str:
    units = amount / election.scale
    currency = election.meta.get("currency", "")
    text = f"{units:,.0f}" if abs(units - round(units)) < 0.005 else f"{units:,.2f}"
    return f"{text} {currency}".strip()


def _names(election: Election, ids: list[str]) -> str:
    index = election.project_index()
    shown = [f"“{index[i].name or i}”" for i in ids[:3]]
    more = f" and {len(ids) - 3} more" if len(ids) > 3 else ""
    return ", ".join(shown) + more


def _greedy_sentence(election: Election, d: Decision) -> str:
    data = d.data
    cost = _money(election, data.get("cost", 0))
    left = _money(election, election.budget - data.get("spent_before", 0))
    if d.reason == "fits":
        return (
            f"Funded: with a score of {data['score']} it was reached while {left} was unspent, "
            f"enough for its cost of {cost}."
        )
    if d.reason == "reserve":
        return (
            f"Funded from the reserve: it did not fit ({left} left for {cost}), but the money "
            "left covered at least 80 % of its cost."
        )
    if d.reason == "does_not_fit":
        beside = list(data.get("beside", []))
        after = (
            f" beside {_names(election, beside[-1:])} and the projects ranked above it"
            if beside
            else ""
        )
        return f"Not funded: it costs {cost} but only {left} was left; it did not fit{after}."
    if d.reason == "category_full":
        room = _money(election, data["cap"] - data["spent_in_category"])
        return (
            f"Not funded: it costs {cost} but only {room} of the budget for "
            f"“{data['category']}” was left."
        )
    if d.reason == "below_threshold":
        return f"Not funded: its score of {data['score']} is below the minimum the rules require."
    if d.reason == "does_not_fit_stop":
        return f"Not funded: it was next but did not fit ({cost}), so the rule stopped."
    return "Not funded: the rule stopped before reaching it."


def _spent_on(outcome: Outcome, groups: set[int]) -> dict[str, float]:
    spent: dict[str, float] = defaultdict(float)
    for pid, paid in outcome.payments.items():
        for g, amount in zip(paid["groups"], paid["amounts"], strict=True):
            if g in groups:
                spent[pid] += amount
    return dict(spent)


def _mes_sentence(
    election: Election, outcome: Outcome, d: Decision, supporters: set[int]
) -> tuple[str, dict[str, Any]]:
    data = dict(d.data)
    if d.reason == "bought":
        ran_out = f"; {data['ran_out']} of them spent all they had left" if data["ran_out"] else ""
        return (
            f"Funded: its {data['supporters']} supporters shared its cost of "
            f"{_money(election, data['cost'])}, each paying at most "
            f"{_money(election, data['max_paid'])}{ran_out}.",
            data,
        )
    if d.reason == "greedy_completion":
        return "Funded after Equal Shares, from the money left over, in order of votes.", data
    spent = _spent_on(outcome, supporters)
    top = sorted(spent, key=lambda p: -spent[p])
    data["spent_on"] = spent
    where = f" They had spent their shares on {_names(election, top)}." if top else ""
    return (
        f"Not funded: its {data['supporters']} supporters had only "
        f"{_money(election, data['money_left'])} left together, less than its cost of "
        f"{_money(election, data['cost'])}.{where}",
        data,
    )


def _supporter_groups(election: Election, outcome: Outcome) -> dict[str, set[int]]:
    """Map project id -> ballot groups (as numbered by the profile) that support it."""
    groups: dict[tuple[tuple[str, ...], tuple[int, ...] | None], int] = {}
    out: dict[str, set[int]] = defaultdict(set)
    for ballot in election.ballots:
        g = groups.setdefault((ballot.projects, ballot.points), len(groups))
        for pid in ballot.projects:
            out[pid].add(g)
    return out


def explain(election: Election, outcome: Outcome) -> dict[str, Explanation]:
    """Return, for every project of the election, why it was or was not funded."""
    chosen = outcome.selected_set
    supporters = _supporter_groups(election, outcome) if outcome.payments else {}
    out: dict[str, Explanation] = {}
    for d in outcome.decisions:
        if d.reason == "no_support":
            sentence, data = "Not funded: nobody voted for it.", dict(d.data)
        elif outcome.rule == "equal-shares":
            sentence, data = _mes_sentence(election, outcome, d, supporters.get(d.project, set()))
        elif outcome.rule == "max-welfare":
            verdict = "Funded" if d.project in chosen else "Not funded"
            how = "includes it" if d.project in chosen else "leaves it out"
            sentence, data = (
                f"{verdict}: the set with the greatest total score {how}.",
                dict(d.data),
            )
        else:
            sentence, data = _greedy_sentence(election, d), dict(d.data)
            if outcome.rule == "phragmen" and d.reason == "bought":
                sentence = (
                    "Funded: its supporters were the first whose shared load could pay for it."
                )
        out[d.project] = Explanation(d.project, d.project in chosen, sentence, data)
    for p in election.projects:
        if p.id not in out:
            out[p.id] = Explanation(
                p.id,
                p.id in chosen,
                "Not funded: the rule stopped before reaching it.",
                {"cost": p.cost},
            )
    return out
