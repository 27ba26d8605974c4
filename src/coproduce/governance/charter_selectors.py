"""Reads for two-way charters: who may act for which side, where the charter stands, its
review record over time."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.governance.models import Charter, CharterRating, CharterSide, KeptRating
from coproduce.organisations.permissions import Action, can
from coproduce.ui.line_chart import line_chart_svg

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from coproduce.accounts.models import Person
    from coproduce.organisations.models import Organisation
    from coproduce.places.models import Place


def charters_listed() -> QuerySet[Charter]:
    """Every charter (drafts are public so residents can comment), with what lists show."""
    return Charter.objects.select_related("organisation", "community_group", "community_place")


def charters_of_organisation(organisation: Organisation) -> QuerySet[Charter]:
    """Charters the organisation is a party to, on either side."""
    return charters_listed().filter(Q(organisation=organisation) | Q(community_group=organisation))


def charters_of_place(place: Place) -> QuerySet[Charter]:
    """Charters with the residents of the place, or with a group or organisation based there."""
    return charters_listed().filter(
        Q(community_place=place) | Q(community_group__place=place) | Q(organisation__place=place)
    )


def signed_sides(charter: Charter) -> set[CharterSide]:
    """Return the sides at least one of whose signatories has signed."""
    return {CharterSide(side) for side in charter.signatures.values_list("side", flat=True)}


def charter_status(charter: Charter) -> str:
    """Say in words where the charter stands: a draft, being signed, or in force."""
    if charter.in_force_since is not None:
        return _("In force")
    if charter.signatures.all():  # prefetched on list pages
        return _("Being signed")
    return _("Draft")


def may_sign_for(person: Person | AnonymousUser, charter: Charter, side: CharterSide) -> bool:
    """Return True if the person may sign and review for ``side``.

    The organisation's side: its staff or councillors (with their second factor). The
    community's: the representatives staff named for it.
    """
    if not person.is_authenticated:
        return False
    if side == CharterSide.ORGANISATION:
        return can(person, Action.RESPOND_TO_RECOMMENDATIONS, charter.organisation)
    return charter.representatives.filter(person_id=person.pk).exists()


def sides_for(person: Person | AnonymousUser, charter: Charter) -> list[CharterSide]:
    """Return the sides the person may act for (usually none, sometimes one)."""
    return [side for side in CharterSide if may_sign_for(person, charter, side)]


def current_review_number(charter: Charter) -> int:
    """Return the review now open: one after the last that both sides have rated."""
    numbers = list(charter.ratings.values_list("number", flat=True))
    complete = {n for n in numbers if numbers.count(n) == len(CharterSide)}
    return max(complete, default=0) + 1


def _add_months(day: date, months: int) -> date:
    years, month = divmod(day.month - 1 + months, 12)
    year = day.year + years
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


@dataclass(frozen=True)
class ReviewDue:
    number: int
    due: date
    overdue: bool


def review_due(charter: Charter) -> ReviewDue | None:
    """Return the next review and when it is due; None while the charter is not in force."""
    if charter.in_force_since is None:
        return None
    number = current_review_number(charter)
    start = timezone.localtime(charter.in_force_since).date()
    due = _add_months(start, charter.review_months * number)
    return ReviewDue(number, due, due < timezone.localdate())


@dataclass(frozen=True)
class ReviewRow:
    """One review: each side's rating of the other (None: not given yet)."""

    number: int
    by_organisation: CharterRating | None
    by_community: CharterRating | None


def review_record(charter: Charter) -> list[ReviewRow]:
    """Return every review so far, oldest first, with both sides' ratings and reasons."""
    by_number: dict[int, dict[str, CharterRating]] = {}
    for rating in charter.ratings.all():
        by_number.setdefault(rating.number, {})[rating.side] = rating
    return [
        ReviewRow(
            number,
            sides.get(CharterSide.ORGANISATION),
            sides.get(CharterSide.COMMUNITY),
        )
        for number, sides in sorted(by_number.items())
    ]


def review_chart(charter: Charter, rows: list[ReviewRow]) -> str:
    """Both sides' ratings over the reviews as an accessible SVG line chart ('' if none)."""
    if not rows:
        return ""
    organisation_series = [r.by_organisation.rating if r.by_organisation else None for r in rows]
    community_series = [r.by_community.rating if r.by_community else None for r in rows]
    words = dict(KeptRating.choices)

    def said(values: list[int | None]) -> str:
        return "; ".join(
            _("review %(n)s: %(rating)s") % {"n": row.number, "rating": words[value]}
            for row, value in zip(rows, values, strict=True)
            if value is not None
        )

    organisation_label = _("%(side)s rates %(other)s") % {
        "side": charter.organisation.name,
        "other": charter.community_name,
    }
    community_label = _("%(side)s rates %(other)s") % {
        "side": charter.community_name,
        "other": charter.organisation.name,
    }
    return line_chart_svg(
        [(organisation_label, organisation_series), (community_label, community_series)],
        x_labels=[_("Review %(n)s") % {"n": row.number} for row in rows],
        y_labels=[(float(value), str(label)) for value, label in KeptRating.choices],
        title=_("How each side kept its commitments, review by review"),
        description=f"{organisation_label}: {said(organisation_series) or '—'}. "
        f"{community_label}: {said(community_series) or '—'}.",
    )
