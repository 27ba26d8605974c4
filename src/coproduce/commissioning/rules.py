"""The winner rules a round can use: the one table from the round's choice to how it is counted.

Each rule has its plain-language description (the choice's label), the methods library's rule,
completion and comparison (``tally.py`` passes them on), and its name in a pabulib file's META
(written on export; read on import, with the other names a file may use for it). Nothing here
imports the methods library, so models can use it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Rule(models.TextChoices):
    GREEDY = "greedy", _("Greedy: most votes first, skipping what does not fit")
    GREEDY_NO_SKIP = "greedy-no-skip", _("Greedy, stopping at the first project that does not fit")
    GREEDY_THRESHOLD = (
        "greedy-threshold",
        _("Greedy among the projects that reached the minimum score"),
    )
    GREEDY_RESERVE = (
        "greedy-reserve",
        _(
            "Greedy, stopping at the first project that does not fit, which is still funded "
            "when the money left covers 80% of its cost"
        ),
    )
    EQUAL_SHARES = "equal-shares", _("Method of Equal Shares (completed by raising the budget)")
    EQUAL_SHARES_COMPARED = (
        "equal-shares-compared",
        _(
            "Method of Equal Shares (completed by raising the budget), unless more voters "
            "prefer the greedy outcome"
        ),
    )
    PHRAGMEN = "phragmen", _("Sequential Phragmén")


@dataclass(frozen=True)
class RuleSpec:
    """How a round's rule is counted and named in pabulib files.

    ``offered``: staff can choose it for a new round (the others come with imported files,
    whose META holds what they need, such as the minimum score). ``explanation`` says in
    plain words how it picks winners (the set-up guide and the method page show it);
    ``reading`` is where to read more about it.
    """

    library: str
    pabulib: str
    completion: str | None = None
    comparison: str = "none"
    also_read: tuple[str, ...] = ()
    offered: bool = True
    explanation: str | Promise = ""
    reading: str = ""


EQUAL_SHARES_EXPLAINED = _(
    "Every voter gets an equal share of the budget. A project is funded when its supporters "
    "can pay for it together from their shares, cheapest per supporter first, so every group "
    "of voters gets projects in proportion to its size. Money left over is used by raising "
    "the shares a unit at a time until nothing more fits (the “add one” completion)."
)


SPECS: Mapping[str, RuleSpec] = {
    Rule.GREEDY: RuleSpec(
        "greedy",
        "greedy",
        also_read=("greedy-exclusive",),
        explanation=_(
            "Projects are funded in order of their votes, most first. A project that costs "
            "more than the money left is skipped and the next one is tried, until the budget "
            "is spent. Simple to explain; a large group can win every project."
        ),
    ),
    Rule.GREEDY_NO_SKIP: RuleSpec(
        "greedy-no-skip",
        "greedy-no-skip",
        explanation=_(
            "Projects are funded in order of their votes, most first, and counting stops at "
            "the first project that does not fit in the money left."
        ),
    ),
    Rule.GREEDY_THRESHOLD: RuleSpec("greedy-threshold", "greedy-threshold", offered=False),
    Rule.GREEDY_RESERVE: RuleSpec("greedy-reserve", "greedy-custom", offered=False),
    Rule.EQUAL_SHARES: RuleSpec(
        "equal-shares",
        "equalshares/add1",
        completion="add1",
        explanation=EQUAL_SHARES_EXPLAINED,
        reading="https://equalshares.net/",
    ),
    Rule.EQUAL_SHARES_COMPARED: RuleSpec(
        "equal-shares",
        "equalshares/add1-comparison",
        completion="add1",
        comparison="satisfaction",
        explanation=_(
            "Equal Shares as above; then its outcome is compared with the greedy one, and the "
            "greedy outcome is kept instead if more voters prefer it (the “comparison” step)."
        ),
        reading="https://equalshares.net/",
    ),
    Rule.PHRAGMEN: RuleSpec(
        "phragmen",
        "phragmen",
        explanation=_(
            "Voters earn money at an equal rate; a project is funded as soon as its supporters "
            "have earned its cost between them, and their money is spent on it. Groups get "
            "projects in proportion to their size. Needs approval or knapsack ballots."
        ),
        reading="https://en.wikipedia.org/wiki/Phragmen%27s_voting_rules",
    ),
}


def rule_spec(rule: str) -> RuleSpec:
    """Return how ``rule`` (a ``Rule`` value) is counted; raise ``KeyError`` if unknown."""
    return SPECS[rule]


def rule_from_pabulib(declared: str) -> Rule:
    """Return the rule a pabulib file declares in its META; greedy when we have no such rule."""
    for rule, spec in SPECS.items():
        if declared == spec.pabulib or declared in spec.also_read:
            return Rule(rule)
    return Rule.GREEDY


def offered_choices() -> list[tuple[str, str]]:
    """Return the (value, label) choices staff may pick for a new round."""
    return [(rule.value, str(rule.label)) for rule in Rule if SPECS[rule].offered]
