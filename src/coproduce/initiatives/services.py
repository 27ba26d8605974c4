"""Writes for initiatives: set-up, the participation ledger and lineage links."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from coproduce.governance.audit import audit_record
from coproduce.initiatives.models import (
    Activity,
    Channel,
    Co,
    Contribution,
    Initiative,
    Lead,
    Lineage,
    LineageKind,
    Mode,
    Origin,
    Stage,
)
from coproduce.organisations.permissions import Action, can

if TYPE_CHECKING:
    from coproduce.accounts.models import Person
    from coproduce.organisations.models import Organisation
    from coproduce.places.models import Place


def contribution_record(
    *,
    person: Person | None,
    activity: Activity | None,
    kind: str,
    mode: Mode,
    co: Co | None = None,
    channel: Channel = Channel.ONLINE,
    recorded_by: Person | None = None,
    sealed: bool = False,
) -> Contribution:
    """Write one row of the participation ledger and return it.

    ``co`` defaults to the activity's stage; assisted and paper rows name who entered them.
    A ``sealed`` row counts nowhere until ``contributions_unseal`` (secret ballots).
    """
    if co is None:
        if activity is None:
            raise ValueError("a contribution needs an activity or an explicit co")
        co = Co(activity.stage.co)
    if channel != Channel.ONLINE and recorded_by is None:
        raise ValueError("assisted and paper contributions must record who entered them")
    return Contribution.objects.create(
        person=person,
        activity=activity,
        co=co,
        mode=mode,
        kind=kind,
        channel=channel,
        recorded_by=recorded_by,
        sealed=sealed,
    )


def contributions_unseal(*, activity: Activity) -> int:
    """Let the activity's sealed ledger rows count (when its voting closes); return how many."""
    return Contribution.objects.filter(activity=activity, sealed=True).update(sealed=False)


def lineage_link(
    *,
    source: models.Model,
    target: models.Model,
    kind: LineageKind,
    note: str = "",
    actor: Person | None = None,
) -> Lineage:
    """Link ``source`` to what came of it; linking the same pair twice returns the first link."""
    if source._meta.label_lower == target._meta.label_lower and source.pk == target.pk:
        raise ValueError("an item cannot come from itself")
    with transaction.atomic():
        link, created = Lineage.objects.get_or_create(
            source_type=ContentType.objects.get_for_model(source),
            source_id=source.pk,
            target_type=ContentType.objects.get_for_model(target),
            target_id=target.pk,
            defaults={"kind": kind, "note": note},
        )
        if created:
            audit_record(
                action="lineage.link",
                actor=actor,
                target=link,
                data={
                    "source": f"{source._meta.label_lower}:{source.pk}",
                    "target": f"{target._meta.label_lower}:{target.pk}",
                    "kind": kind,
                },
            )
    return link


def stage_set(
    *, initiative: Initiative, co: Co, lead: Lead, lead_note: str = "", actor: Person | None
) -> Stage:
    """Create or change the initiative's stage for ``co``; only its organisers may."""
    if actor is not None and not can(actor, Action.MANAGE_INITIATIVES, initiative.organisation):
        raise PermissionDenied(_("Only the initiative's organisers can change its stages."))
    with transaction.atomic():
        stage, _created = Stage.objects.update_or_create(
            initiative=initiative, co=co, defaults={"lead": lead, "lead_note": lead_note}
        )
        audit_record(action="stage.set", actor=actor, target=stage, data={"co": co, "lead": lead})
    return stage


def initiative_create(
    *,
    actor: Person,
    organisation: Organisation,
    place: Place,
    title: str,
    summary: str,
    origin: Origin,
    cos: list[Co],
    charter: str = "",
) -> Initiative:
    """Create an initiative with a stage for each chosen Co (the organisation in the lead)."""
    if not can(actor, Action.MANAGE_INITIATIVES, organisation):
        raise PermissionDenied(_("Only the organisation's staff or coordinators can do this."))
    base = slugify(title)[:40] or "initiative"
    slug, n = base, 1
    while Initiative.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    with transaction.atomic():
        initiative = Initiative.objects.create(
            title=title.strip(),
            slug=slug,
            summary=summary.strip(),
            origin=origin,
            organisation=organisation,
            place=place,
            charter=charter,
        )
        lead = Lead.ORGANISATION if origin == Origin.INSIDE_OUT else Lead.CITIZENS
        Stage.objects.bulk_create(Stage(initiative=initiative, co=co, lead=lead) for co in cos)
        audit_record(action="initiative.create", actor=actor, target=initiative, data={"cos": cos})
    return initiative


def activity_create(
    *,
    actor: Person,
    initiative: Initiative,
    co: Co,
    kind: str,
    title: str,
    starts_at: datetime,
    ends_at: datetime | None = None,
    description: str = "",
    eligible_place: Place | None = None,
    min_age: int | None = None,
) -> Activity:
    """Add an activity to the initiative's stage for ``co``; raise ValidationError on bad dates."""
    if not can(actor, Action.MANAGE_INITIATIVES, initiative.organisation):
        raise PermissionDenied(_("Only the organisation's staff or coordinators can do this."))
    stage = initiative.stages.filter(co=co).first()
    if stage is None:
        raise ValidationError({"co": _("This initiative has no stage for that Co.")})
    if ends_at is not None and ends_at <= starts_at:
        raise ValidationError({"ends_at": _("An activity must close after it opens.")})
    with transaction.atomic():
        activity = Activity.objects.create(
            stage=stage,
            kind=kind,
            title=title.strip(),
            description=description,
            starts_at=starts_at,
            ends_at=ends_at,
            eligible_place=eligible_place,
            min_age=min_age,
        )
        audit_record(action="activity.create", actor=actor, target=activity, data={"kind": kind})
    return activity
