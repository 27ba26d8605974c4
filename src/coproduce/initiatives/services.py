"""Writes for initiatives: set-up, the participation ledger and lineage links."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from coproduce.accounts.following import notify_followers
from coproduce.audit.chain import audit_record
from coproduce.initiatives.clock import AFTER, DURING, moment_of
from coproduce.initiatives.instruments import UnknownInstrument, instrument_for
from coproduce.initiatives.models import (
    Activity,
    ActivityPhase,
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
    Visibility,
)
from coproduce.organisations.permissions import Action, can
from coproduce.ui.text import Sentence

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
    try:
        instrument_for(kind)
    except UnknownInstrument:
        raise ValidationError(
            {"kind": _("There is no kind of activity called “%(kind)s”.") % {"kind": kind}}
        ) from None
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
        if activity.visibility == Visibility.PUBLIC:
            notify_followers(
                initiative,
                event="initiative.activity",
                subject=Sentence(
                    gettext_noop("Something new to join in “%(initiative)s”: %(title)s"),
                    {"initiative": initiative.title[:80], "title": activity.title[:80]},
                ),
                body=description[:300],
                url=activity.get_absolute_url(),
                exclude=[actor],
            )
    return activity


def activity_phase_move(
    *, activity: Activity, key: str, actor: Person | None, at: datetime | None = None
) -> Activity:
    """Start phase ``key`` now by moving the activity's dates; audited.

    Phases only move forward: the phases between the current one and ``key`` are skipped,
    later phases that were due before now are unscheduled, and an activity that has not
    started yet starts now. Raise ValidationError for an earlier phase or an ended activity.
    """
    instrument = instrument_for(activity.kind)
    if actor is not None and not can(
        actor, Action.MANAGE_INITIATIVES, activity.stage.initiative.organisation
    ):
        raise PermissionDenied(_("Only the organisation's staff or coordinators can do this."))
    try:
        target = instrument.phase_index(key)
    except ValueError:
        raise ValidationError({"phase": _("This activity has no such phase.")}) from None
    now = at or timezone.now()
    with transaction.atomic():
        activity = Activity.objects.select_for_update().get(pk=activity.pk)
        moment = moment_of(activity, now)
        if moment.status == AFTER:
            raise ValidationError(
                {"phase": _("This activity has ended: change its closing date to reopen it.")}
            )
        current = instrument.phase_index(moment.phase.key)
        if moment.status == DURING and target <= current:
            raise ValidationError(
                {"phase": _("An activity only moves forward through its phases.")}
            )
        before = moment.phase.key if moment.status == DURING else ""
        later = [p.key for p in instrument.phases[target:]]
        ActivityPhase.objects.filter(
            activity=activity, key__in=later[1:], starts_at__lte=now
        ).delete()
        skipped = [p.key for p in instrument.phases[current + 1 : target]]
        ActivityPhase.objects.filter(activity=activity, key__in=skipped).delete()
        if target > 0:
            ActivityPhase.objects.update_or_create(
                activity=activity, key=key, defaults={"starts_at": now}
            )
        if activity.starts_at > now:
            activity.starts_at = now
            activity.save(update_fields=["starts_at"])
        audit_record(
            action="activity.phase",
            actor=actor,
            target=activity,
            data={"from": before, "to": key, "at": now.isoformat()},
        )
        phase = instrument.phases[target]
        notify_followers(
            activity,
            event="activity.phase",
            subject=Sentence(
                gettext_noop("“%(title)s”: %(phase)s has started"),
                {"title": activity.title[:80], "phase": phase.label},
            ),
            body=Sentence(
                gettext_noop("A new phase has started: %(phase)s."), {"phase": phase.label}
            ),
            url=activity.get_absolute_url(),
            exclude=[actor],
        )
    return activity


def schedule_problems(
    *,
    kind: str,
    starts_at: datetime,
    ends_at: datetime | None,
    phase_starts: Mapping[str, datetime | None],
) -> dict[str, str]:
    """Return ``{field: message}`` for what is wrong with a schedule (empty if nothing is).

    The fields are ``ends_at`` and the keys of the later phases: a phase may not start before
    an earlier one or the activity's opening, nor at or after its closing. Pages check a
    schedule with it before anything is written; ``activity_schedule_set`` refuses with it.
    """
    if ends_at is not None and ends_at <= starts_at:
        return {"ends_at": _("An activity must close after it opens.")}
    errors: dict[str, str] = {}
    previous = starts_at
    for phase in instrument_for(kind).phases[1:]:
        start = phase_starts.get(phase.key)
        if start is None:
            continue
        if start < previous:
            errors[phase.key] = _("“%(phase)s” cannot start before the phase before it.") % {
                "phase": phase.label
            }
        elif ends_at is not None and start >= ends_at:
            errors[phase.key] = _("“%(phase)s” must start before the activity closes.") % {
                "phase": phase.label
            }
        previous = max(previous, start)
    return errors


def activity_schedule_set(
    *,
    activity: Activity,
    actor: Person | None,
    starts_at: datetime,
    ends_at: datetime | None,
    phase_starts: Mapping[str, datetime | None],
) -> Activity:
    """Set the activity's dates and when each later phase starts (None: not scheduled); audited.

    Raise ValidationError, changing nothing, when a phase starts before an earlier one, before
    the activity opens, or after it closes.
    """
    instrument = instrument_for(activity.kind)
    if actor is not None and not can(
        actor, Action.MANAGE_INITIATIVES, activity.stage.initiative.organisation
    ):
        raise PermissionDenied(_("Only the organisation's staff or coordinators can do this."))
    errors = schedule_problems(
        kind=activity.kind, starts_at=starts_at, ends_at=ends_at, phase_starts=phase_starts
    )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        activity.starts_at, activity.ends_at = starts_at, ends_at
        activity.save(update_fields=["starts_at", "ends_at"])
        ActivityPhase.objects.filter(activity=activity).delete()
        ActivityPhase.objects.bulk_create(
            ActivityPhase(activity=activity, key=phase.key, starts_at=start)
            for phase in instrument.phases[1:]
            if (start := phase_starts.get(phase.key)) is not None
        )
        audit_record(
            action="activity.schedule",
            actor=actor,
            target=activity,
            data={
                "starts_at": starts_at.isoformat(),
                "ends_at": ends_at.isoformat() if ends_at else None,
                **{k: v.isoformat() for k, v in phase_starts.items() if v is not None},
            },
        )
    return activity
