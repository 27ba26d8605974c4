"""The core's findable things: initiatives, activities, places and commitments.

The Co apps register their own (proposals, reports…) from their AppConfig.ready.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from coproduce.governance.models import Charter, Commitment, CommitmentStatus
from coproduce.initiatives.models import Activity, Initiative, Visibility
from coproduce.initiatives.pages import activity_page_urls
from coproduce.places.models import Place
from coproduce.search.registry import Entry, SearchSource, register_search_source


def initiative_entry(initiative: Initiative) -> Entry:
    return Entry(
        title=initiative.title,
        body=initiative.summary,
        url=initiative.get_absolute_url(),
        place_id=initiative.place_id,
        public=initiative.visibility == Visibility.PUBLIC,
        organisation_id=initiative.organisation_id,
    )


def activity_entry(activity: Activity) -> Entry:
    initiative = activity.stage.initiative
    return Entry(
        title=activity.title,
        body=activity.description,
        url="",  # the instrument's page, resolved when shown (the round may come later)
        place_id=activity.eligible_place_id or initiative.place_id,
        public=(
            activity.visibility == Visibility.PUBLIC and initiative.visibility == Visibility.PUBLIC
        ),
        organisation_id=initiative.organisation_id,
    )


def place_entry(place: Place) -> Entry:
    return Entry(
        title=place.name,
        body=place.parent.name if place.parent_id and place.parent else "",
        url=place.get_absolute_url(),
        place_id=place.pk,
    )


def commitment_entry(commitment: Commitment) -> Entry:
    initiative = commitment.initiative
    return Entry(
        title=commitment.title,
        body=" ".join(filter(None, [commitment.description, commitment.owner_name])),
        url=commitment.get_absolute_url(),
        place_id=initiative.place_id if initiative else None,
        status=commitment.status,
        organisation_id=commitment.organisation_id,
    )


CHARTER_STATUSES = {"draft": _("Being drafted or signed"), "in_force": _("In force")}


def charter_entry(charter: Charter) -> Entry:
    return Entry(
        title=charter.title,
        body=" ".join(filter(None, [charter.community_name, charter.text])),
        url=charter.get_absolute_url(),
        place_id=charter.community_place_id,
        status="in_force" if charter.in_force_since else "draft",
        organisation_id=charter.organisation_id,
    )


def register() -> None:
    register_search_source(
        SearchSource(
            kind="initiative",
            label=_("Initiatives"),
            model=Initiative,
            entry=initiative_entry,
            queryset=lambda: Initiative.objects.all().iterator(),
        )
    )
    register_search_source(
        SearchSource(
            kind="activity",
            label=_("Activities"),
            model=Activity,
            entry=activity_entry,
            queryset=lambda: Activity.objects.select_related("stage__initiative").iterator(),
            urls=lambda ids: activity_page_urls(Activity.objects.filter(pk__in=ids)),
        )
    )
    register_search_source(
        SearchSource(
            kind="place",
            label=_("Places"),
            model=Place,
            entry=place_entry,
            queryset=lambda: Place.objects.select_related("parent").iterator(),
        )
    )
    register_search_source(
        SearchSource(
            kind="commitment",
            label=_("Commitments"),
            model=Commitment,
            entry=commitment_entry,
            queryset=lambda: Commitment.objects.select_related("initiative").iterator(),
            statuses=dict(CommitmentStatus.choices),
        )
    )
    register_search_source(
        SearchSource(
            kind="charter",
            label=_("Co-production charters"),
            model=Charter,
            entry=charter_entry,
            queryset=lambda: Charter.objects.all().iterator(),
            statuses=CHARTER_STATUSES,
        )
    )
