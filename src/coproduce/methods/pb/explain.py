"""Why each project was or was not funded, as codes with the numbers behind them.

``explain`` gives one :class:`Explanation` per project and ``explain_outcome`` the notes on
the whole outcome (how Equal Shares was completed, what the comparison step decided). Each
is a :class:`~coproduce.methods.pb.outcome.Code`, its numbers and the ids of the projects it
refers to: no sentences, so that an app can write them in its reader's language.
:func:`sentence` writes the English one (the command line prints it).

``NUMBERS`` lists the numbers every explanation of a code carries: money in the election's
minor units (``Election.scale``), ``left`` being what was unspent when the project's turn came.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from coproduce.methods.pb.election import Election
from coproduce.methods.pb.outcome import Code, Decision, Outcome
from coproduce.methods.pb.profile import Profile, cached_profile

__all__ = ["NUMBERS", "Explanation", "Number", "explain", "explain_outcome", "sentence"]

Number = int | float

NUMBERS: Mapping[Code, tuple[str, ...]] = {
    Code.NO_SUPPORT: ("cost",),
    Code.NOT_REACHED: ("cost",),
    Code.FITS: ("score", "cost", "left"),
    Code.RESERVE: ("score", "cost", "left"),
    Code.DOES_NOT_FIT: ("cost", "left"),
    Code.CATEGORY_FULL: ("cost", "category_left"),
    Code.BELOW_THRESHOLD: ("score", "threshold"),
    Code.DOES_NOT_FIT_STOP: ("cost", "left"),
    Code.SHARES_PAID: ("supporters", "cost", "max_paid", "ran_out"),
    Code.SUPPORTERS_OUT_OF_MONEY: ("supporters", "cost", "money_left"),
    Code.GREEDY_COMPLETION: ("score", "cost"),
    Code.LOAD_PAID: ("cost",),
    Code.OPTIMUM_IN: ("score", "cost"),
    Code.OPTIMUM_OUT: ("score", "cost"),
    Code.SPLIT_EQUALLY: ("voters", "per_voter"),
    Code.SHARES_RAISED: ("voters", "start", "step", "steps", "per_voter"),
    Code.SHARES_RAISED_EXHAUSTIVE: ("voters", "start", "step", "steps", "per_voter"),
    Code.SHARES_RAISED_PERCENT: ("voters", "start", "step", "steps", "per_voter"),
    Code.TOPPED_UP: ("count",),
    Code.COMPARISON_KEPT: ("prefer_equal_shares", "prefer_greedy"),
    Code.COMPARISON_SWITCHED: ("prefer_equal_shares", "prefer_greedy"),
}
_FUNDED = frozenset(
    {
        Code.FITS,
        Code.RESERVE,
        Code.SHARES_PAID,
        Code.GREEDY_COMPLETION,
        Code.LOAD_PAID,
        Code.OPTIMUM_IN,
    }
)
_COMPLETION_NOTES = {
    "none": Code.SPLIT_EQUALLY,
    "utilitarian": Code.SPLIT_EQUALLY,
    "add1": Code.SHARES_RAISED,
    "add1u": Code.SHARES_RAISED,
    "add1e": Code.SHARES_RAISED_EXHAUSTIVE,
    "add1eu": Code.SHARES_RAISED_EXHAUSTIVE,
    "budget-increase": Code.SHARES_RAISED_PERCENT,
}


@dataclass(frozen=True, slots=True)
class Explanation:
    """Why one project was or was not funded (``project`` set), or a note on the outcome.

    ``numbers`` holds at least ``NUMBERS[code]``; ``projects`` are the ids it refers to (the
    winner it did not fit beside; the winners its supporters spent their shares on, most
    first); ``category`` names the category whose budget was full.
    """

    code: Code
    numbers: Mapping[str, Number] = field(default_factory=dict)
    project: str = ""
    selected: bool = False
    projects: tuple[str, ...] = ()
    category: str = ""


def _numbers(data: Mapping[str, object], budget: int) -> dict[str, Number]:
    numbers: dict[str, Number] = {}
    for name in ("score", "cost", "threshold", "cap", "supporters", "max_paid", "ran_out"):
        value = data.get(name)
        if isinstance(value, int | float):
            numbers[name] = value
    money_left = data.get("money_left")
    if isinstance(money_left, int | float):
        numbers["money_left"] = money_left
    spent = data.get("spent_before")
    if isinstance(spent, int):
        numbers["left"] = budget - spent
    in_category = data.get("spent_in_category")
    if isinstance(in_category, int) and "cap" in numbers:
        numbers["category_left"] = numbers["cap"] - in_category
    return numbers


def _one(d: Decision, chosen: frozenset[str], budget: int) -> Explanation:
    beside = d.data.get("beside") or ()
    return Explanation(
        code=d.reason,
        numbers=_numbers(d.data, budget),
        project=d.project,
        selected=d.project in chosen,
        projects=(str(beside[-1]),) if d.reason == Code.DOES_NOT_FIT and beside else (),
        category=str(d.data.get("category", "")),
    )


def _spent_on(profile: Profile, outcome: Outcome, project: str) -> tuple[str, ...]:
    """Return the winners the project's supporters paid for, the largest payment first."""
    mine = np.zeros(len(profile.weights), dtype=bool)
    mine[profile.supporters(profile.ids.index(project))[0]] = True
    spent: list[tuple[float, int, str]] = []
    for pid, paid in outcome.payments.items():
        groups = np.asarray(paid["groups"], dtype=np.int64)
        amounts = np.asarray(paid["amounts"], dtype=np.float64) * profile.weights[groups]
        total = float(amounts[mine[groups]].sum())
        if total > 0:
            spent.append((-total, len(spent), pid))
    return tuple(pid for _, _, pid in sorted(spent))


def explain(election: Election, outcome: Outcome) -> dict[str, Explanation]:
    """Return, for every project of the election (in file order), why it was or was not
    funded under ``outcome``."""
    chosen = outcome.selected_set
    profile = cached_profile(election, "cardinality")
    decided = {d.project: _one(d, chosen, outcome.budget) for d in outcome.decisions}
    out: dict[str, Explanation] = {}
    for j, p in enumerate(election.projects):
        found = decided.get(p.id)
        if found is None:
            code = Code.NO_SUPPORT if profile.votes[j] == 0 else Code.NOT_REACHED
            found = Explanation(code, {"cost": p.cost}, p.id, p.id in chosen)
        elif found.code == Code.SUPPORTERS_OUT_OF_MONEY and outcome.payments:
            found = Explanation(
                found.code,
                found.numbers,
                p.id,
                found.selected,
                _spent_on(profile, outcome, p.id),
            )
        out[p.id] = found
    return out


def explain_outcome(election: Election, outcome: Outcome) -> tuple[Explanation, ...]:
    """Return the notes on the whole outcome: how an Equal Shares run was completed and what
    the comparison step decided (none for the other rules)."""
    details = outcome.details
    if outcome.rule != "equal-shares" or "completion" not in details:
        return ()
    completion = str(details["completion"])
    voters = int(details["voters"])
    step = (
        outcome.budget / (100 * max(voters, 1))
        if completion == "budget-increase"
        else election.scale
    )
    code = _COMPLETION_NOTES[completion]
    numbers: dict[str, Number] = {"voters": voters, "per_voter": details["per_voter_budget"]}
    if code != Code.SPLIT_EQUALLY:
        numbers |= {"start": details["start_per_voter"], "step": step, "steps": details["steps"]}
    notes = [Explanation(code, numbers)]
    if completion in ("utilitarian", "add1u", "add1eu"):
        notes.append(Explanation(Code.TOPPED_UP, {"count": int(details["topped_up"])}))
    comparison = details.get("comparison")
    if comparison:
        switched = bool(details.get("switched_to_greedy"))
        notes.append(
            Explanation(
                Code.COMPARISON_SWITCHED if switched else Code.COMPARISON_KEPT,
                {k: int(v) for k, v in comparison.items()},
            )
        )
    return tuple(notes)


# --- English sentences (the command line's); apps write their own from the codes ---------


def _money(election: Election, amount: Number) -> str:
    units = amount / election.scale
    currency = election.meta.get("currency", "")
    text = f"{units:,.0f}" if abs(units - round(units)) < 0.005 else f"{units:,.2f}"
    return f"{text} {currency}".strip()


def _names(election: Election, ids: tuple[str, ...]) -> str:
    index = election.project_index()
    shown = [f"“{index[i].name or i}”" if i in index else f"“{i}”" for i in ids[:3]]
    more = f" and {len(ids) - 3} more" if len(ids) > 3 else ""
    return ", ".join(shown) + more


_TEMPLATES: Mapping[Code, str] = {
    Code.NO_SUPPORT: "Not funded: nobody voted for it.",
    Code.NOT_REACHED: "Not funded: the rule stopped before reaching it.",
    Code.FITS: (
        "Funded: with a score of {score} it was reached while {left} was unspent, enough for "
        "its cost of {cost}."
    ),
    Code.RESERVE: (
        "Funded from the reserve: it did not fit ({left} left for {cost}), but the money left "
        "covered at least 80 % of its cost."
    ),
    Code.DOES_NOT_FIT: "Not funded: it costs {cost} but only {left} was left; it did not fit.",
    Code.CATEGORY_FULL: (
        "Not funded: it costs {cost} but only {category_left} of the budget for “{category}” "
        "was left."
    ),
    Code.BELOW_THRESHOLD: (
        "Not funded: its score of {score} is below the minimum of {threshold} the rules require."
    ),
    Code.DOES_NOT_FIT_STOP: (
        "Not funded: it was next but did not fit ({cost}), so the rule stopped."
    ),
    Code.SHARES_PAID: (
        "Funded: its {supporters} supporters shared its cost of {cost}, each paying at most "
        "{max_paid}."
    ),
    Code.SUPPORTERS_OUT_OF_MONEY: (
        "Not funded: its {supporters} supporters had only {money_left} left together, less "
        "than its cost of {cost}."
    ),
    Code.GREEDY_COMPLETION: (
        "Funded after Equal Shares, from the money left over, in order of votes."
    ),
    Code.LOAD_PAID: "Funded: its supporters were the first whose shared load could pay for it.",
    Code.OPTIMUM_IN: "Funded: the set with the greatest total score includes it.",
    Code.OPTIMUM_OUT: "Not funded: the set with the greatest total score leaves it out.",
    Code.SPLIT_EQUALLY: (
        "Equal Shares split the budget equally: {per_voter} for each of the {voters} voters."
    ),
    Code.SHARES_RAISED: (
        "Each of the {voters} voters started with an equal share of {start}; the shares were "
        "raised {steps} times by {step}, to {per_voter}, the most at which the funded projects "
        "still fit in the budget."
    ),
    Code.SHARES_RAISED_EXHAUSTIVE: (
        "Each of the {voters} voters started with an equal share of {start}; the shares were "
        "raised {steps} times by {step}, to {per_voter}, where no other project fitted in the "
        "money left or a further raise would have overspent the budget."
    ),
    Code.SHARES_RAISED_PERCENT: (
        "Each of the {voters} voters started with an equal share of {start}; the shares were "
        "raised {steps} times by {step} (1 % of the budget), to {per_voter}, the most at which "
        "the funded projects still fit in the budget."
    ),
    Code.TOPPED_UP: (
        "Then {count} more projects were funded from the money left over, in order of votes."
    ),
    Code.COMPARISON_KEPT: (
        "{prefer_equal_shares} voters preferred the Equal Shares outcome and {prefer_greedy} "
        "the greedy one, so the Equal Shares outcome stands."
    ),
    Code.COMPARISON_SWITCHED: (
        "{prefer_greedy} voters preferred the greedy outcome and {prefer_equal_shares} the "
        "Equal Shares one, so the greedy outcome was used."
    ),
}
_ONE_SUPPORTER: Mapping[Code, str] = {
    Code.SHARES_PAID: "Funded: its only supporter paid all of its cost of {cost}.",
    Code.SUPPORTERS_OUT_OF_MONEY: (
        "Not funded: its only supporter had only {money_left} left, less than its cost of {cost}."
    ),
}
_MONEY = frozenset(
    {"cost", "left", "category_left", "max_paid", "money_left", "start", "step", "per_voter"}
)


def sentence(election: Election, explanation: Explanation) -> str:
    """Return the English sentence for ``explanation`` (money in the election's currency)."""
    x = explanation
    values = {
        name: _money(election, value) if name in _MONEY else f"{value:,}"
        for name, value in x.numbers.items()
    }
    template = _TEMPLATES[x.code]
    if x.numbers.get("supporters") == 1:  # "its 1 supporters" reads wrong
        template = _ONE_SUPPORTER.get(x.code, template)
    text = template.format(category=x.category, **values)
    if x.code == Code.DOES_NOT_FIT and x.projects:
        beside = _names(election, x.projects)
        text = text[:-1] + f" beside {beside} and the projects ranked above it."
    elif x.code == Code.SHARES_PAID and x.numbers["ran_out"] and x.numbers.get("supporters", 2) > 1:
        text = text[:-1] + f"; {values['ran_out']} of them spent all they had left."
    elif x.code == Code.SUPPORTERS_OUT_OF_MONEY and x.projects:
        text += f" They had spent their shares on {_names(election, x.projects)}."
    elif x.code == Code.TOPPED_UP and x.numbers["count"] == 1:
        text = "Then 1 more project was funded from the money left over, in order of votes."
    return text
