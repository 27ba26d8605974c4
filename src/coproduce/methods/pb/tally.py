"""The one entry point apps and researchers call: ``tally(election, rule=..., ...)``."""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import Literal

from coproduce.methods.pb.election import Election
from coproduce.methods.pb.errors import RuleError
from coproduce.methods.pb.outcome import Outcome
from coproduce.methods.pb.profile import (
    Profile,
    Utility,
    compile_profile,
    default_utility,
    restate,
)
from coproduce.methods.pb.rules.equal_shares import COMPLETIONS
from coproduce.methods.pb.rules.greedy import GreedyVariant, greedy
from coproduce.methods.pb.rules.mes_outcome import equal_shares
from coproduce.methods.pb.rules.phragmen import phragmen
from coproduce.methods.pb.rules.welfare import max_welfare
from coproduce.methods.pb.tiebreak import DEFAULT_TIE_BREAK

__all__ = ["RULES", "declared_rule", "greedy_utility", "tally"]

RULES = (
    "greedy",
    "greedy-no-skip",
    "greedy-threshold",
    "greedy-reserve",
    "greedy-per-cost",
    "equal-shares",
    "phragmen",
    "max-welfare",
)
Compat = Literal["pabutools"] | None
_DECLARED = {
    "greedy": ("greedy", None, "none"),
    "greedy-exclusive": ("greedy", None, "none"),
    "greedy-no-skip": ("greedy-no-skip", None, "none"),
    "greedy-threshold": ("greedy-threshold", None, "none"),
    "greedy-custom": ("greedy-reserve", None, "none"),
    "equalshares": ("equal-shares", "none", "none"),
    "equalshares/add1": ("equal-shares", "add1", "none"),
    "equalshares/add1-comparison": ("equal-shares", "add1", "satisfaction"),
}


def declared_rule(election: Election) -> tuple[str, str | None, str]:
    """Return (rule, completion, comparison) for the file's declared rule; greedy if unknown."""
    return _DECLARED.get(election.rule, ("greedy", None, "none"))


def greedy_utility(election: Election) -> Utility:
    """Return what greedy 'by votes' counts: approvals, points, or rank points (3-2-1)."""
    utility = default_utility(election)
    return {"cost": "cardinality", "borda": "rank-points"}.get(utility, utility)  # type: ignore[return-value]


def _profile(election: Election, utility: Utility) -> Profile:
    """Return the compiled profile, kept on the (immutable) election for the next rule."""
    cache: dict[Utility, Profile] | None = election.__dict__.get("_profiles")
    if cache is None:
        cache = {}
        object.__setattr__(election, "_profiles", cache)
    if utility not in cache:
        other: Utility = "cardinality" if utility == "cost" else "cost"
        if utility in ("cost", "cardinality") and other in cache:
            cache[utility] = restate(cache[other], utility)
        else:
            cache[utility] = compile_profile(election, utility)
    return cache[utility]


def _threshold(election: Election) -> int | None:
    value = election.meta.get("min_project_score_threshold", "").strip()
    return int(float(value)) if value else None


def _greedy_variant(rule: str, election: Election, compat: Compat) -> GreedyVariant:
    unsupported = compat == "pabutools"
    if rule == "greedy-no-skip":
        return GreedyVariant(skip=False, threshold=_threshold(election))
    if rule == "greedy-threshold":
        return GreedyVariant(threshold=_threshold(election), fund_unsupported=unsupported)
    if rule == "greedy-reserve":
        return GreedyVariant(skip=False, reserve_share=Fraction(4, 5))
    return GreedyVariant(per_cost=rule == "greedy-per-cost", fund_unsupported=unsupported)


def tally(
    election: Election,
    *,
    rule: str | None = None,
    utility: Utility | None = None,
    completion: str | None = None,
    comparison: str | None = None,
    tie_break: str | None = None,
    compat: Compat = None,
    exact: bool = False,
    progress: Callable[[int, Fraction], None] | None = None,
) -> Outcome:
    """Return the outcome of ``rule`` on ``election``.

    Defaults: the file's declared rule where supported, else greedy by votes; utility cost
    (approval), points (cumulative/scoring) or Borda (ordinal) — greedy counts approvals instead
    of cost; completion ``add1`` for Equal Shares unless declared; tie-break ``cost-votes``, or
    ``id`` with ``compat="pabutools"``. Raise ``RuleError`` on an unknown or unsuitable option.
    """
    declared, declared_completion, declared_comparison = declared_rule(election)
    chosen = rule or declared
    if chosen not in RULES:
        raise RuleError(f"unknown rule {chosen!r}; use one of {', '.join(RULES)}")
    ties = tie_break or ("id" if compat == "pabutools" else DEFAULT_TIE_BREAK)
    if chosen.startswith("greedy"):
        used = utility or greedy_utility(election)
        used = "cardinality" if used == "cost" and chosen != "greedy-per-cost" else used
        profile = _profile(election, used)
        caps = election.category_budgets() if compat is None else {}
        return greedy(
            profile,
            tie_break=ties,
            variant=_greedy_variant(chosen, election, compat),
            rule=chosen,
            caps=caps,
            categories=[p.categories for p in election.projects] if caps else (),
        )
    used = utility or default_utility(election)
    if chosen == "phragmen":
        if election.vote_type not in ("approval", "choose-1"):
            raise RuleError("Phragmén needs approval ballots")
        return phragmen(
            _profile(election, "cardinality"),
            tie_break=ties,
            pabutools=compat == "pabutools",
        )
    if chosen == "max-welfare":
        return max_welfare(_profile(election, used))
    fill = completion or (
        declared_completion if rule in (None, "equal-shares") and declared_completion else "add1"
    )
    if fill not in COMPLETIONS:
        raise RuleError(f"unknown completion {fill!r}; use one of {', '.join(COMPLETIONS)}")
    compare = comparison or (declared_comparison if rule is None else "none")
    return equal_shares(
        election,
        _profile(election, used),
        _profile(election, greedy_utility(election)),
        tie_break=ties,
        completion=fill,
        comparison=compare,
        exact=exact,
        progress=progress,
    )
