"""Why a project was or was not funded: stored as a code with its numbers, shown as a sentence.

The count stores each reason as the methods library's code, its numbers (money in pence) and
the proposals it names (``Reason.as_json``). Sentences are made here, in the language of the
page being shown, with the round's currency and the language's number format; nothing in
English is stored. Rows counted before reasons were codes keep their English sentence, which
is shown as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coproduce.commissioning.money import money

Number = int | float


@dataclass(frozen=True)
class Reason:
    """A reason as stored: ``code``, its ``numbers`` (money in pence), the ids (proposal
    primary keys as text) of the proposals it names, and a category name where one is full."""

    code: str
    numbers: Mapping[str, Number] = field(default_factory=dict)
    projects: tuple[str, ...] = ()
    category: str = ""

    def as_json(self) -> dict[str, object]:
        """Return the reason as stored in a JSON field."""
        return {
            "code": self.code,
            "numbers": dict(self.numbers),
            "projects": list(self.projects),
            "category": self.category,
        }

    @classmethod
    def from_json(cls, data: object) -> Reason | None:
        """Return the stored reason, or ``None`` for an empty or unreadable one."""
        if not isinstance(data, Mapping) or not isinstance(data.get("code"), str):
            return None
        numbers = data.get("numbers") or {}
        projects = data.get("projects") or []
        return cls(
            code=data["code"],
            numbers={str(k): v for k, v in numbers.items() if isinstance(v, int | float)},
            projects=tuple(str(p) for p in projects),
            category=str(data.get("category") or ""),
        )


@dataclass(frozen=True)
class _Values:
    reason: Reason
    currency: str
    titles: Mapping[str, str]

    def money(self, name: str) -> str:
        return money(round(self.reason.numbers[name]), self.currency)

    def count(self, name: str) -> str:
        return str(number_format(self.reason.numbers[name], force_grouping=True))

    def n(self, name: str) -> int:
        return int(self.reason.numbers[name])

    def title(self, pid: str) -> str:
        return _("“%(title)s”") % {"title": self.titles.get(pid, pid)}

    def names(self, ids: Sequence[str]) -> str:
        shown = ", ".join(self.title(pid) for pid in ids[:3])
        if len(ids) <= 3:
            return shown
        more = len(ids) - 3
        return ngettext("%(names)s and %(count)s more", "%(names)s and %(count)s more", more) % {
            "names": shown,
            "count": number_format(more, force_grouping=True),
        }


def _does_not_fit(v: _Values) -> str:
    values = {"cost": v.money("cost"), "left": v.money("left")}
    if not v.reason.projects:
        return _("Not funded: it costs %(cost)s but only %(left)s was left; it did not fit.") % (
            values
        )
    return _(
        "Not funded: it costs %(cost)s but only %(left)s was left; it did not fit beside "
        "%(project)s and the projects ranked above it."
    ) % {**values, "project": v.title(v.reason.projects[-1])}


def _shares_paid(v: _Values) -> str:
    text = ngettext(
        "Funded: its only supporter paid all of its cost of %(cost)s.",
        "Funded: its %(supporters)s supporters shared its cost of %(cost)s, each paying at "
        "most %(max_paid)s.",
        v.n("supporters"),
    ) % {
        "supporters": v.count("supporters"),
        "cost": v.money("cost"),
        "max_paid": v.money("max_paid"),
    }
    if v.n("ran_out") and v.n("supporters") > 1:
        text += " " + ngettext(
            "%(ran_out)s of them spent all they had left.",
            "%(ran_out)s of them spent all they had left.",
            v.n("ran_out"),
        ) % {"ran_out": v.count("ran_out")}
    return text


def _out_of_money(v: _Values) -> str:
    text = ngettext(
        "Not funded: its only supporter had only %(left)s left, less than its cost of %(cost)s.",
        "Not funded: its %(supporters)s supporters had only %(left)s left together, less than "
        "its cost of %(cost)s.",
        v.n("supporters"),
    ) % {
        "supporters": v.count("supporters"),
        "left": v.money("money_left"),
        "cost": v.money("cost"),
    }
    if v.reason.projects:
        text += " " + _("They had spent their shares on %(projects)s.") % {
            "projects": v.names(v.reason.projects)
        }
    return text


def _raised(v: _Values) -> dict[str, str]:
    return {
        "voters": v.count("voters"),
        "start": v.money("start"),
        "steps": v.count("steps"),
        "step": v.money("step"),
        "per_voter": v.money("per_voter"),
    }


def _comparison(v: _Values) -> dict[str, str]:
    return {"equal": v.count("prefer_equal_shares"), "greedy": v.count("prefer_greedy")}


_SENTENCES: Mapping[str, Callable[[_Values], str]] = {
    "no_support": lambda v: _("Not funded: nobody voted for it."),
    "no_ballots": lambda v: _("No ballots were cast in this district, so nothing was funded here."),
    "not_reached": lambda v: _("Not funded: the rule stopped before reaching it."),
    "fits": lambda v: (
        _(
            "Funded: with a score of %(score)s it was reached while %(left)s was unspent, enough "
            "for its cost of %(cost)s."
        )
        % {"score": v.count("score"), "left": v.money("left"), "cost": v.money("cost")}
    ),
    "reserve": lambda v: (
        _(
            "Funded from the reserve: it did not fit (%(left)s left for %(cost)s), but the money "
            "left covered at least 80%% of its cost."
        )
        % {"left": v.money("left"), "cost": v.money("cost")}
    ),
    "does_not_fit": _does_not_fit,
    "category_full": lambda v: (
        _(
            "Not funded: it costs %(cost)s but only %(left)s of the budget for “%(category)s” was "
            "left."
        )
        % {"cost": v.money("cost"), "left": v.money("category_left"), "category": v.reason.category}
    ),
    "below_threshold": lambda v: (
        _(
            "Not funded: its score of %(score)s is below the minimum of %(threshold)s the rules "
            "require."
        )
        % {"score": v.count("score"), "threshold": v.count("threshold")}
    ),
    "does_not_fit_stop": lambda v: (
        _("Not funded: it was next but did not fit (%(cost)s), so the rule stopped.")
        % {"cost": v.money("cost")}
    ),
    "shares_paid": _shares_paid,
    "supporters_out_of_money": _out_of_money,
    "greedy_completion": lambda v: _(
        "Funded after Equal Shares, from the money left over, in order of votes."
    ),
    "load_paid": lambda v: _(
        "Funded: its supporters were the first whose shared load could pay for it."
    ),
    "optimum_in": lambda v: _("Funded: the set with the greatest total score includes it."),
    "optimum_out": lambda v: _("Not funded: the set with the greatest total score leaves it out."),
    "split_equally": lambda v: (
        _("Equal Shares split the budget equally: %(per_voter)s for each of the %(voters)s voters.")
        % {"per_voter": v.money("per_voter"), "voters": v.count("voters")}
    ),
    "shares_raised": lambda v: (
        _(
            "Each of the %(voters)s voters started with an equal share of %(start)s; the shares "
            "were raised %(steps)s times by %(step)s, to %(per_voter)s, the most at which the "
            "funded projects still fit in the budget."
        )
        % _raised(v)
    ),
    "shares_raised_exhaustive": lambda v: (
        _(
            "Each of the %(voters)s voters started with an equal share of %(start)s; the shares "
            "were raised %(steps)s times by %(step)s, to %(per_voter)s, where no other project "
            "fitted in the money left or a further raise would have overspent the budget."
        )
        % _raised(v)
    ),
    "shares_raised_percent": lambda v: (
        _(
            "Each of the %(voters)s voters started with an equal share of %(start)s; the shares "
            "were raised %(steps)s times by %(step)s (1%% of the budget), to %(per_voter)s, the "
            "most at which the funded projects still fit in the budget."
        )
        % _raised(v)
    ),
    "topped_up": lambda v: (
        ngettext(
            "Then %(count)s more project was funded from the money left over, in order of votes.",
            "Then %(count)s more projects were funded from the money left over, in order of votes.",
            v.n("count"),
        )
        % {"count": v.count("count")}
    ),
    "comparison_kept": lambda v: (
        _(
            "%(equal)s voters preferred the Equal Shares outcome and %(greedy)s the greedy one, so "
            "the Equal Shares outcome stands."
        )
        % _comparison(v)
    ),
    "comparison_switched": lambda v: (
        _(
            "%(greedy)s voters preferred the greedy outcome and %(equal)s the Equal Shares one, so "
            "the greedy outcome was used."
        )
        % _comparison(v)
    ),
}
CODES = frozenset(_SENTENCES)
OWN_CODES = frozenset({"no_ballots"})
"""Codes this app gives without asking the methods library (``tally.NO_BALLOTS``)."""


def reason_text(
    stored: object, *, currency: str, titles: Mapping[str, str], fallback: str = ""
) -> str:
    """Return the stored reason as a sentence in the active language.

    ``titles`` maps the ids of proposals a reason may name to their titles. Return
    ``fallback`` (an old row's stored sentence) for an empty reason, or a code this version
    does not know, or one whose numbers are incomplete.
    """
    reason = Reason.from_json(stored)
    render = _SENTENCES.get(reason.code) if reason is not None else None
    if reason is None or render is None:
        return fallback
    try:
        return render(_Values(reason, currency, titles))
    except KeyError:
        return fallback
