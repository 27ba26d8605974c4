"""Reads for a closed round's results page: winners, charts, turnout and who took part.

Callers must only use these once voting has closed (the views check ``round.is_closed``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, QuerySet
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coproduce.accounts.selectors import consented_demographics
from coproduce.commissioning.models import (
    AreaResult,
    BallotArea,
    BudgetingRound,
    ProjectResult,
    Proposal,
    SupersededCount,
    TallyStatus,
)
from coproduce.commissioning.money import money
from coproduce.commissioning.reasons import Reason, reason_text
from coproduce.initiatives.models import Channel, Contribution, Lineage, LineageKind
from coproduce.places.selectors import population_profile
from coproduce.ui.figures import bar_chart_svg


@dataclass(frozen=True)
class AreaReport:
    """One area's count; ``why`` maps each proposal's id to its reason in the page's language
    and ``notes`` say how the rule reached the outcome."""

    area: BallotArea
    result: AreaResult | None
    projects: list[ProjectResult]
    votes_chart: str
    cost_chart: str
    turnout: str
    why: dict[int, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def _why(projects: list[ProjectResult], currency: str) -> dict[int, str]:
    titles = {str(p.proposal_id): p.proposal.title for p in projects}
    return {
        p.proposal_id: reason_text(
            p.reason, currency=currency, titles=titles, fallback=p.explanation
        )
        for p in projects
    }


def _notes(result: AreaResult | None, currency: str) -> list[str]:
    if result is None:
        return []
    texts = (reason_text(note, currency=currency, titles={}) for note in result.notes or [])
    return [text for text in texts if text]


def proposal_reason_text(result: ProjectResult, currency: str) -> str:
    """Return why the proposal was or was not funded, in the active language."""
    named = Reason.from_json(result.reason)
    ids = [int(pid) for pid in named.projects if pid.isdigit()] if named else []
    titles = {
        str(pk): title
        for pk, title in Proposal.objects.filter(pk__in=ids).values_list("pk", "title")
    }
    return reason_text(result.reason, currency=currency, titles=titles, fallback=result.explanation)


def _charts(area: BallotArea, projects: list[ProjectResult], currency: str) -> tuple[str, str]:
    labels = [(f"{'✓ ' if p.selected else ''}{p.proposal.title}", p) for p in projects]
    votes = bar_chart_svg(
        [(label, float(p.votes)) for label, p in labels],
        title=_("Votes per project in %(area)s (✓ marks winners)") % {"area": area.name},
        description=", ".join(f"{p.proposal.title}: {p.votes}" for p in projects),
    )
    costs = bar_chart_svg(
        [(label, float(p.proposal.cost)) for label, p in labels],
        title=_("Cost per project in %(area)s (✓ marks winners)") % {"area": area.name},
        description=", ".join(
            f"{p.proposal.title}: {money(p.proposal.cost, currency)}" for p in projects
        ),
        value_text=lambda pence: money(round(pence), currency),
    )
    return votes, costs


def turnout_text(ballots: int, electorate: int | None) -> str:
    """Return the turnout as a sentence when the electorate is known and someone voted, else
    "" (the page then gives the number of ballots alone).

    One decimal from 1%, two below it, and "less than 0.01%" below that: never "0.00%".
    """
    if not electorate or not ballots:
        return ""
    share = 100 * ballots / electorate
    if share < 0.01:
        shown = _("less than %(share)s%%") % {"share": number_format(0.01, decimal_pos=2)}
    else:
        places = 1 if share >= 1 else 2
        shown = f"{number_format(share, decimal_pos=places, force_grouping=True)}%"
    return ngettext(
        "Turnout: %(share)s of %(electorate)s resident.",
        "Turnout: %(share)s of %(electorate)s residents.",
        electorate,
    ) % {"share": shown, "electorate": number_format(electorate, force_grouping=True)}


def _electorate(round_: BudgetingRound, area: BallotArea, areas: int) -> int | None:
    if area.place is not None:
        return area.place.population
    place = round_.activity.eligible_place if areas == 1 else None
    return place.population if place is not None else None


def area_reports(round_: BudgetingRound) -> list[AreaReport]:
    """Return each area's counted result with its projects and charts."""
    areas = list(round_.areas.select_related("place", "result"))
    by_area: dict[int, list[ProjectResult]] = defaultdict(list)
    for project in ProjectResult.objects.filter(area__round=round_).select_related("proposal"):
        by_area[project.area_id].append(project)
    reports = []
    for area in areas:
        projects = by_area.get(area.pk, [])
        result = getattr(area, "result", None)
        ballots = result.ballots if result is not None else 0
        turnout = turnout_text(ballots, _electorate(round_, area, len(areas)))
        votes, costs = (
            _charts(area, projects, round_.currency) if projects and ballots else ("", "")
        )
        why, notes = _why(projects, round_.currency), _notes(result, round_.currency)
        reports.append(AreaReport(area, result, projects, votes, costs, turnout, why, notes))
    return reports


def turnout_by_channel(round_: BudgetingRound) -> list[tuple[str, int]]:
    """Return how many people voted through each channel (from the participation ledger)."""
    rows = (
        Contribution.objects.filter(activity=round_.activity, kind="ballot")
        .values("channel")
        .annotate(n=Count("pk"))
    )
    counts = {row["channel"]: row["n"] for row in rows}
    return [(str(label), counts.get(value, 0)) for value, label in Channel.choices]


@dataclass(frozen=True)
class ProfileRow:
    dimension: str
    category: str
    voters: int
    voter_share: float
    population_share: float


def turnout_profile(round_: BudgetingRound) -> list[ProfileRow]:
    """Compare voters who gave demographics with the place's population profile."""
    place = round_.activity.eligible_place or round_.activity.stage.initiative.place
    voters = Contribution.objects.filter(
        activity=round_.activity, kind="ballot", person__isnull=False
    )
    answers = consented_demographics(voters.values_list("person_id", flat=True)).values()
    counted: dict[str, Counter[str]] = defaultdict(Counter)
    for values in answers:
        for dimension, category in (values or {}).items():
            counted[dimension][str(category)] += 1
    population = population_profile(place)
    rows = []
    for dimension, groups in population.items():
        if dimension not in counted:
            continue
        total_pop, total_voters = sum(groups.values()) or 1, sum(counted[dimension].values()) or 1
        for category, count in groups.items():
            n = counted[dimension].get(category, 0)
            rows.append(
                ProfileRow(dimension, category, n, 100 * n / total_voters, 100 * count / total_pop)
            )
    return rows


def results_for_round(round_: BudgetingRound) -> dict[str, Any]:
    """Return everything the results page shows, for a closed round."""
    reports = area_reports(round_)
    channels = turnout_by_channel(round_)
    return {
        "reports": reports,
        "funded_total": sum(r.result.funded for r in reports if r.result),
        "funded_text": money(sum(r.result.funded for r in reports if r.result), round_.currency),
        "ballots_total": sum(r.result.ballots for r in reports if r.result),
        "channels": channels,
        "channel_chart": bar_chart_svg(
            [(label, float(n)) for label, n in channels],
            title=_("Voters by channel"),
            description=", ".join(f"{label}: {n}" for label, n in channels),
        )
        if any(n for _, n in channels)
        else "",
        "profile": turnout_profile(round_),
        "history": count_history(round_),
    }


def count_history(round_: BudgetingRound) -> list[SupersededCount]:
    """Return the counts recounts replaced, the latest first (shown in public)."""
    return list(round_.superseded_counts.all())


def unpublished_winners(round_: BudgetingRound) -> QuerySet[ProjectResult]:
    """Return the round's winning results whose proposal is not yet a commitment."""
    funded = Lineage.objects.filter(
        source_type=ContentType.objects.get_for_model(Proposal), kind=LineageKind.FUNDED_AS
    ).values("source_id")
    return (
        ProjectResult.objects.filter(area__round=round_, selected=True)
        .exclude(proposal_id__in=funded)
        .select_related("proposal__author")
        .order_by("pk")
    )


def is_published(round_: BudgetingRound) -> bool:
    """True once the round is counted and every winner is a commitment on the tracker."""
    return round_.tally_status == TallyStatus.DONE and not unpublished_winners(round_).exists()


def funded_proposal_ids(round_: BudgetingRound) -> set[int] | None:
    """Return the ids of the round's funded proposals once it is counted, else None."""
    if not round_.is_closed or round_.tally_status != TallyStatus.DONE:
        return None
    return set(
        ProjectResult.objects.filter(area__round=round_, selected=True).values_list(
            "proposal_id", flat=True
        )
    )
