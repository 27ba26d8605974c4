"""Tell proposal authors when the commitment their funded proposal became moves on.

The governance app offers no hook for commitment updates, so this listens for new
``CommitmentUpdate`` rows; it only sends notifications, it changes nothing.
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_save
from django.utils.translation import gettext as _

from coproduce.accounts.notifications import notify


def _tell_authors(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    if not created:
        return
    from coproduce.commissioning.models import Proposal
    from coproduce.governance.models import Commitment
    from coproduce.initiatives.models import Lineage, LineageKind

    links = Lineage.objects.filter(
        target_type=ContentType.objects.get_for_model(Commitment),
        target_id=instance.commitment_id,
        source_type=ContentType.objects.get_for_model(Proposal),
        kind=LineageKind.FUNDED_AS,
    ).values_list("source_id", flat=True)
    commitment = instance.commitment
    for proposal in Proposal.objects.filter(pk__in=list(links)).select_related("author"):
        notify(
            proposal.author,
            subject=_("News about your funded proposal"),
            body=_("“%(title)s” is now %(status)s (%(progress)s%%): %(reason)s")
            % {
                "title": commitment.title,
                "status": instance.get_status_display().lower(),
                "progress": instance.progress,
                "reason": instance.reason,
            },
            url=commitment.get_absolute_url(),
        )


def connect() -> None:
    from coproduce.governance.models import CommitmentUpdate

    post_save.connect(_tell_authors, sender=CommitmentUpdate, dispatch_uid="commissioning-authors")
