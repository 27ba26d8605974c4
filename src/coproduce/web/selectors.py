"""Reads for the site as a whole: what happens in a place, brought together from every app,
and the feedback staff read.

``place_overview`` answers in a fixed number of queries however much there is: every list is
cut to its latest few and counted beside, and a place counts with every place inside it (a
district's page includes its wards).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coproduce.assessment.instruments import SCRUTINY_PANEL, SURVEY
from coproduce.assessment.models import CloseReason, ReportStatus
from coproduce.assessment.selectors.reports import reports_public
from coproduce.commissioning.models import (
    BudgetingRound,
    ProjectResult,
    Proposal,
    ProposalStatus,
    TallyStatus,
)
from coproduce.commissioning.money import money
from coproduce.governance.models import Commitment
from coproduce.initiatives.models import Activity, Channel, Contribution
from coproduce.initiatives.pages import activity_page_urls
from coproduce.initiatives.selectors import activities_for_user, initiatives_for_user
from coproduce.organisations.permissions import can_read_site_feedback
from coproduce.places.maps import MapArea, MapPoint, MapView, map_view
from coproduce.places.models import Place
from coproduce.ui.figures import bar_chart_figure
from coproduce.web.models import Feedback

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from coproduce.accounts.models import Person

LATEST = 10
"""How many of each kind of item the page lists; the rest are counted."""
MAP_POINTS = 500
"""The most reports drawn on the place's map (the latest)."""

# What each kind of ledger row means, as residents read it (apps record these kinds).
CONTRIBUTION_KINDS = {
    "ballot": gettext_lazy("Votes in budgeting rounds"),
    "proposal": gettext_lazy("Proposals made"),
    "support": gettext_lazy("Proposals supported"),
    "allocation": gettext_lazy("Budget priorities set"),
    "report": gettext_lazy("Problems reported"),
    "report-support": gettext_lazy("Reports supported"),
    "survey-response": gettext_lazy("Survey answers"),
    "panel-apply": gettext_lazy("Applications to panels"),
    "panel-evidence": gettext_lazy("Evidence given to panels"),
    "rating": gettext_lazy("Service ratings"),
    "statement.submit": gettext_lazy("Statements written"),
    "opinion.vote": gettext_lazy("Opinions given"),
    "volunteer-hours": gettext_lazy("Volunteering shifts done"),
}


def contribution_kind_label(kind: str) -> str:
    """Return the kind of a ledger row in words (the slug, readable, for a kind not listed)."""
    label = CONTRIBUTION_KINDS.get(kind)
    return str(label) if label else kind.replace("-", " ").replace(".", " ").capitalize()


@dataclass
class Section:
    """The latest few items of a kind and how many there are in all."""

    items: list[Any] = field(default_factory=list)
    total: int = 0

    @property
    def more(self) -> int:
        return max(self.total - len(self.items), 0)


@dataclass
class PlaceOverview:
    """What happens in a place, as the person may see it."""

    place: Place
    children: list[Place]
    map: MapView | None
    initiatives: Section
    rounds: list[BudgetingRound]
    proposals: Section
    reports: Section
    open_reports: int
    commitments: Section
    assessments: list[tuple[Activity, str]]
    participation: int
    participation_charts: list[str]
    funded: Section
    funded_amounts: list[str]
    fixed: Section


def places_within(place: Place) -> list[Place]:
    """Return the place and every place inside it, at any depth, read in one query."""
    children: dict[int | None, list[Place]] = defaultdict(list)
    for other in Place.objects.all():
        children[other.parent_id].append(other)
    found = [place]
    frontier = [place.pk]
    while frontier:
        inside = [child for pk in frontier for child in children[pk]]
        found += inside
        frontier = [child.pk for child in inside]
    return found


def place_overview(place: Place, person: Person | AnonymousUser) -> PlaceOverview:
    """Return what happens in ``place`` and the places inside it that ``person`` may see."""
    tree = places_within(place)
    ids = [p.pk for p in tree]
    visible = activities_for_user(person)
    here = visible.filter(Q(stage__initiative__place_id__in=ids) | Q(eligible_place_id__in=ids))
    reports = reports_public().filter(place_id__in=ids)
    children = [p for p in tree if p.parent_id == place.pk]
    winners = _winners(visible, here, ids)
    return PlaceOverview(
        place=place,
        children=children,
        map=_map(place, children, ids),
        initiatives=_section(
            initiatives_for_user(person).filter(place_id__in=ids).order_by("-created_at", "-pk")
        ),
        rounds=_open_rounds(visible, here, ids),
        proposals=_proposals(visible, here, ids),
        reports=_section(reports),
        open_reports=reports.exclude(status=ReportStatus.CLOSED).count(),
        commitments=_section(
            Commitment.objects.filter(
                initiative__in=initiatives_for_user(person).filter(place_id__in=ids)
            )
            .select_related("initiative", "organisation")
            .order_by("-updated_at", "-pk")
        ),
        assessments=_assessments(here),
        participation=Contribution.objects.filter(sealed=False, activity__in=here).count(),
        participation_charts=_participation_charts(place, here),
        funded=_section(_funded(winners)),
        funded_amounts=_funded_amounts(winners),
        fixed=_section(
            reports.filter(status=ReportStatus.CLOSED, close_reason=CloseReason.FIXED).order_by(
                "-closed_at", "-pk"
            )
        ),
    )


def _section(items: QuerySet[Any]) -> Section:
    return Section(list(items[:LATEST]), items.count())


def _map(place: Place, children: list[Place], ids: list[int]) -> MapView | None:
    areas = [MapArea(c.name, c.boundary, c.get_absolute_url()) for c in children if c.boundary]
    if not areas and place.boundary:
        areas = [MapArea(place.name, place.boundary)]
    located = (
        reports_public()
        .filter(place_id__in=ids, lon__isnull=False, lat__isnull=False)
        .order_by("-created_at", "-pk")
        .values_list("pk", "lon", "lat", "category__name")
    )
    points = [
        MapPoint(float(lon or 0), float(lat or 0), f"{pk}: {name}", _report_url(pk))
        for pk, lon, lat, name in located[:MAP_POINTS]
    ]
    description = _("Boundaries of %(areas)s.") % {"areas": ", ".join(a.name for a in areas)}
    if points:
        description += " " + _("%(n)s reports shown as dots.") % {
            "n": number_format(len(points), force_grouping=True)
        }
    return map_view(
        title=_("Map of %(place)s") % {"place": place.name},
        description=description,
        areas=areas,
        points=points,
    )


def _report_url(pk: int) -> str:
    return reverse("assessment:report", args=[pk])


def _in_place(ids: list[int], here: QuerySet[Activity]) -> Q:
    """Ballot areas of the place, or a round's one placeless area when the round is here."""
    return Q(area__place_id__in=ids) | Q(area__place=None, round__activity__in=here)


def _open_rounds(
    visible: QuerySet[Activity], here: QuerySet[Activity], ids: list[int]
) -> list[BudgetingRound]:
    now = timezone.now()
    return list(
        BudgetingRound.objects.filter(activity__in=visible)
        .filter(Q(activity__in=here) | Q(areas__place_id__in=ids))
        .filter(activity__starts_at__lte=now)
        .filter(Q(activity__ends_at=None) | Q(activity__ends_at__gt=now))
        .select_related("activity")
        .prefetch_related("activity__phase_starts")
        .distinct()
        .order_by("activity__ends_at", "pk")
    )


def _proposals(visible: QuerySet[Activity], here: QuerySet[Activity], ids: list[int]) -> Section:
    now = timezone.now()
    proposals = (
        Proposal.objects.filter(_in_place(ids, here), round__activity__in=visible)
        .filter(round__activity__starts_at__lte=now)
        .filter(Q(round__activity__ends_at=None) | Q(round__activity__ends_at__gt=now))
        .exclude(status=ProposalStatus.MERGED)
        .select_related("round__activity", "area")
        .order_by("-created_at", "-pk")
    )
    return _section(proposals)


def _assessments(here: QuerySet[Activity]) -> list[tuple[Activity, str]]:
    activities = list(
        here.filter(kind__in=[SURVEY, SCRUTINY_PANEL]).order_by("-starts_at")[:LATEST]
    )
    urls = activity_page_urls(activities)
    return [(activity, urls[activity.pk]) for activity in activities]


def _participation_charts(place: Place, here: QuerySet[Activity]) -> list[str]:
    by_kind: dict[str, int] = defaultdict(int)
    by_channel: dict[str, int] = defaultdict(int)
    rows = (
        Contribution.objects.filter(sealed=False, activity__in=here)
        .values("kind", "channel")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        by_kind[contribution_kind_label(row["kind"])] += row["n"]
        by_channel[str(Channel(row["channel"]).label)] += row["n"]
    if not by_kind:
        return []
    return [
        _chart(
            by_kind,
            header=_("What people did"),
            title=_("Taking part in %(place)s, by what people did") % {"place": place.name},
        ),
        _chart(
            by_channel,
            header=_("How"),
            title=_("Taking part in %(place)s, by how people took part") % {"place": place.name},
        ),
    ]


def _chart(counts: dict[str, int], *, header: str, title: str) -> str:
    bars = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    description = ", ".join(
        f"{label}: {number_format(value, force_grouping=True)}" for label, value in bars
    )
    return bar_chart_figure(
        [(label, float(value)) for label, value in bars],
        headers=(header, _("Times")),
        title=title,
        description=description,
    )


def _winners(visible: QuerySet[Activity], here: QuerySet[Activity], ids: list[int]) -> Q:
    """Winning proposals of the place's counted rounds whose voting has closed (as on the
    rounds' results pages: no count is shown while voting is open)."""
    counted = (
        BudgetingRound.objects.filter(activity__in=visible, tally_status=TallyStatus.DONE)
        .filter(Q(activity__in=here) | Q(areas__place_id__in=ids))
        .select_related("activity")
        .prefetch_related("activity__phase_starts")
        .distinct()
    )
    closed = [round_.pk for round_ in counted if round_.is_closed]
    return (Q(area__place_id__in=ids) | Q(area__place=None, area__round__activity__in=here)) & Q(
        selected=True, area__round_id__in=closed
    )


def _funded(winners: Q) -> QuerySet[ProjectResult]:
    return (
        ProjectResult.objects.filter(winners)
        .select_related("proposal", "area__round__activity")
        .order_by("-area__round__tallied_at", "order", "pk")
    )


def _funded_amounts(winners: Q) -> list[str]:
    """Return the money funded in the place, one amount per currency."""
    totals = (
        ProjectResult.objects.filter(winners)
        .values("area__round__currency")
        .annotate(total=Sum(Coalesce("proposal__revised_cost", "proposal__estimated_cost")))
        .order_by("area__round__currency")
    )
    return [money(row["total"], row["area__round__currency"]) for row in totals]


def _require_reader(person: Person | AnonymousUser) -> None:
    if not can_read_site_feedback(person):
        raise PermissionDenied(_("Only staff with their second factor read feedback."))


def feedback_for_user(
    person: Person | AnonymousUser, *, unread_only: bool = False
) -> QuerySet[Feedback]:
    """Return the feedback the person may read, newest first; raise ``PermissionDenied``
    for anyone but site administrators and organisations' staff with their second factor."""
    _require_reader(person)
    found = Feedback.objects.select_related("person", "read_by")
    return found.filter(read_at__isnull=True) if unread_only else found


def feedback_one_for_user(person: Person | AnonymousUser, pk: int) -> Feedback:
    """Return one piece of feedback the person may read (404 if there is none)."""
    _require_reader(person)
    return get_object_or_404(Feedback, pk=pk)
