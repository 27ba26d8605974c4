"""Reads for initiatives: visibility, eligibility, lineage and the ledger."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coproduce.accounts.selectors import consented_demographics
from coproduce.initiatives.models import (
    Activity,
    Contribution,
    Initiative,
    Lineage,
    LineageKind,
    Visibility,
)
from coproduce.organisations.permissions import member_organisations, sees_everything
from coproduce.places.selectors import population_profile, residence_places

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from coproduce.accounts.models import Person
    from coproduce.places.models import Place


def initiatives_for_user(person: Person | AnonymousUser) -> QuerySet[Initiative]:
    """Initiatives the person may see: public ones, plus their organisations' own."""
    if sees_everything(person):
        return Initiative.objects.all()
    visible = Q(visibility=Visibility.PUBLIC)
    members_of = member_organisations(person)
    if members_of is not None:
        visible |= Q(organisation__in=members_of)
    return Initiative.objects.filter(visible).distinct()


def activities_for_user(person: Person | AnonymousUser) -> QuerySet[Activity]:
    """Activities the person may see, in initiatives the person may see."""
    initiatives = initiatives_for_user(person)
    visible = Q(visibility=Visibility.PUBLIC)
    members_of = member_organisations(person)
    if members_of is not None:
        visible |= Q(stage__initiative__organisation__in=members_of)
    return Activity.objects.filter(visible, stage__initiative__in=initiatives).distinct()


@dataclass(frozen=True)
class Eligibility:
    ok: bool
    reason: str = ""


def eligibility_for(
    person: Person | AnonymousUser,
    activity: Activity,
    *,
    on: date,
    residence: frozenset[int] | None = None,
) -> Eligibility:
    """Say whether the person may take part in the activity on ``on``, and if not, why.

    ``residence`` is where the person lives (``places.selectors.residence_places``) when the
    caller has read it already; otherwise it is read here if the activity needs it.
    """
    if not person.is_authenticated:
        return Eligibility(False, _("Sign in to take part."))
    if activity.min_age is not None:
        age = person.age_on(on)
        if age is None:
            return Eligibility(False, _("Add your date of birth to your account to take part."))
        if age < activity.min_age:
            return Eligibility(
                False, _("You must be %(age)s or older to take part.") % {"age": activity.min_age}
            )
    if activity.eligible_place_id is not None:
        places = residence if residence is not None else residence_places(person)
        if activity.eligible_place_id not in places:
            return Eligibility(
                False,
                _("This is open to verified residents of %(place)s.")
                % {"place": activity.eligible_place},
            )
    return Eligibility(True)


@dataclass(frozen=True)
class LineageEntry:
    kind: str
    label: str
    item: Any


@dataclass(frozen=True)
class LineageView:
    origins: list[LineageEntry]
    outcomes: list[LineageEntry]


def lineage_of(item: models.Model) -> LineageView:
    """Return where ``item`` came from and what came of it, with readable labels."""
    content_type = ContentType.objects.get_for_model(item)
    links = Lineage.objects.filter(
        Q(source_type=content_type, source_id=item.pk)
        | Q(target_type=content_type, target_id=item.pk)
    ).prefetch_related("source", "target")
    origins: list[LineageEntry] = []
    outcomes: list[LineageEntry] = []
    for link in links:
        kind = LineageKind(link.kind)
        if link.target_type_id == content_type.pk and link.target_id == item.pk:
            if link.source is not None:
                origins.append(LineageEntry(kind, str(ORIGIN_PHRASES[kind]), link.source))
        elif link.target is not None:
            outcomes.append(LineageEntry(kind, str(OUTCOME_PHRASES[kind]), link.target))
    return LineageView(origins, outcomes)


# Whole phrases per relation, read before the linked item, so every language can word them.
ORIGIN_PHRASES = {
    LineageKind.LED_TO: gettext_lazy("This came out of"),
    LineageKind.FUNDED_AS: gettext_lazy("This carries out the funded proposal"),
    LineageKind.BECAME: gettext_lazy("This grew out of"),
    LineageKind.RESPONDED_BY: gettext_lazy("This answers"),
    LineageKind.MERGED_INTO: gettext_lazy("This now includes"),
}
OUTCOME_PHRASES = {
    LineageKind.LED_TO: gettext_lazy("This led to"),
    LineageKind.FUNDED_AS: gettext_lazy("This was funded as"),
    LineageKind.BECAME: gettext_lazy("This became"),
    LineageKind.RESPONDED_BY: gettext_lazy("This was answered by"),
    LineageKind.MERGED_INTO: gettext_lazy("This was merged into"),
}


def participation_summary(
    activities: QuerySet[Activity] | None = None,
) -> dict[str, dict[str, int]]:
    """Count ledger rows by Co, then by mode and by channel."""
    rows = Contribution.objects.filter(sealed=False)
    if activities is not None:
        rows = rows.filter(activity__in=activities)
    summary: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows.values("co", "mode", "channel").annotate(n=Count("pk")):
        summary[row["co"]][row["mode"]] += row["n"]
        summary[row["co"]][row["channel"]] += row["n"]
        summary[row["co"]]["total"] += row["n"]
    return {co: dict(counts) for co, counts in summary.items()}


SMALL_CELL = 5  # counts below this are suppressed so no one can be picked out


@dataclass(frozen=True)
class RepresentationRow:
    category: str
    participants: int | None  # None when suppressed (fewer than SMALL_CELL)
    participant_share: float | None
    population_share: float
    ratio: float | None  # participant share ÷ population share
    under_represented: bool  # fewer than 8 participants for every 10 expected


UNDER_REPRESENTED = 0.8


def participation_profile(place: Place, *, co: str = "") -> dict[str, list[RepresentationRow]]:
    """Compare who took part (consented demographics) with the place's population profile.

    Counts distinct participants in the ledger; cells under SMALL_CELL are suppressed.
    """
    rows = Contribution.objects.exclude(person=None).filter(sealed=False)
    if co:
        rows = rows.filter(co=co)
    people = rows.values_list("person_id", flat=True).distinct()
    answers = list(consented_demographics(people).values())
    profile: dict[str, list[RepresentationRow]] = {}
    population = population_profile(place)
    for dimension, counts in population.items():
        given = [a[dimension] for a in answers if dimension in a]
        total_people, total_population = len(given), sum(counts.values())
        profile[dimension] = [
            _representation(category, given.count(category), total_people, count / total_population)
            for category, count in counts.items()
            if total_population
        ]
    return profile


def _representation(
    category: str, n: int, total: int, population_share: float
) -> RepresentationRow:
    under = total > 0 and n < UNDER_REPRESENTED * total * population_share
    if n < SMALL_CELL or total == 0:
        return RepresentationRow(category, None, None, population_share, None, under)
    share = n / total
    ratio = share / population_share if population_share else None
    return RepresentationRow(category, n, share, population_share, ratio, under)
