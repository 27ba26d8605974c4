"""This app's section of "Your activity": the commitments you follow, with their progress."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coproduce.accounts.activity import ActivityItem, ActivitySection, register_activity_section
from coproduce.accounts.models import Follow
from coproduce.governance.models import Commitment

if TYPE_CHECKING:
    from coproduce.accounts.models import Person


def _followed(person: Person) -> list[ActivityItem]:
    """One query: the commitments whose follows are the person's."""
    follows = Follow.objects.filter(
        person=person, target_type=ContentType.objects.get_for_model(Commitment)
    )
    commitments = Commitment.objects.filter(pk__in=follows.values("target_id")).order_by(
        "-updated_at", "-pk"
    )
    return [
        ActivityItem(
            title=c.title,
            url=c.get_absolute_url(),
            status=c.get_status_display(),
            when=c.updated_at,
            detail=_("%(progress)s%% done") % {"progress": c.progress},
        )
        for c in commitments
    ]


def register() -> None:
    register_activity_section(
        ActivitySection(
            key="commitments",
            title=gettext_lazy("Commitments you follow"),
            empty=gettext_lazy(
                "You follow no commitment. Follow one on the tracker to hear how it moves on."
            ),
            items=_followed,
            order=60,
        )
    )
