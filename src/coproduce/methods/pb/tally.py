"""The one entry point apps and researchers call: ``tally(election, rule=..., ...)``."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import Literal

from coproduce.methods.pb.election import Election
from coproduce.methods.pb.errors import RuleError
from coproduce.methods.pb.outcome import Outcome
from coproduce.methods.pb.profile import Utility, cached_profile, default_utility
from coproduce.methods.pb.rules.equal_shares import COMPLETIONS
from coproduce.methods.pb.rules.greedy import GreedyVariant, greedy
from coproduce.methods.pb.rules.mes_outcome import equal_shares
from coproduce.methods.pb.rules.phragmen import phragmen
from coproduce.methods.pb.rules.welfare import max_welfare
from coproduce.methods.pb.tiebreak import DEFAULT_TIE_BREAK

__all__ = ["RULES", "declared_rule", "greedy_utility", "tally"]

# Every rule ``tally`` runs, with what it does (the command line's help).
RULES: Mapping[str, str] = {
    "greedy": "most votes first, passing over projects that do not fit",
    "greedy-no-skip": "most votes first, stopping at the first project that does not fit",
    "greedy-threshold": "greedy among projects scoring at least min_project_score_threshold",
    "greedy-reserve": (
        "Poznań's rule: greedy without skipping, then the project that did not fit if the "
        "money left covers 80 % of it"
    ),
    "greedy-per-cost": "most votes per unit of cost first",
    "equal-shares": "the Method of Equal Shares, with a completion and an optional comparison",
    "phragmen": "sequential Phragmén (approval ballots)",
    "max-welfare": "an affordable set of projects with the greatest total score",
}
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
    "phragmen": ("phragmen", None, "none"),
}


def declared_rule(election: Election) -> tuple[str, str | None, str]:
    """Return (rule, completion, comparison) for the file's declared rule; greedy if unknown."""
    return _DECLARED.get(election.rule, ("greedy", None, "none"))


def greedy_utility(election: Election) -> Utility:
    """Return what greedy 'by votes' counts: approvals, points, or rank points (3-2-1)."""
    utility = default_utility(election)
    return {"cost": "cardinality", "borda": "rank-points"}.get(utility, utility)  # type: ignore[return-value]


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
        profile = cached_profile(election, used)
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
            cached_profile(election, "cardinality"),
            tie_break=ties,
            pabutools=compat == "pabutools",
        )
    if chosen == "max-welfare":
        return max_welfare(cached_profile(election, used))
    fill = completion or (
        declared_completion if rule in (None, "equal-shares") and declared_completion else "add1"
    )
    if fill not in COMPLETIONS:
        raise RuleError(f"unknown completion {fill!r}; use one of {', '.join(COMPLETIONS)}")
    compare = comparison or (declared_comparison if rule is None else "none")
    return equal_shares(
        election,
        cached_profile(election, used),
        cached_profile(election, greedy_utility(election)),
        tie_break=ties,
        completion=fill,
        comparison=compare,
        exact=exact,
        progress=progress,
    )
