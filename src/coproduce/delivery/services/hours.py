"""Check-in at a shift and the coordinator's confirmation of hours (the ledger's rows)."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.audit.chain import audit_record
from coproduce.delivery.models import SignUp, SignUpStatus
from coproduce.delivery.services.setup import organisation_of, require_coordinator
from coproduce.delivery.services.timebank import credits_for_hours
from coproduce.initiatives.models import Channel, Mode
from coproduce.initiatives.services import contribution_record

if TYPE_CHECKING:
    from coproduce.accounts.models import Person

CHECK_IN_EARLY = timedelta(minutes=30)
MAX_MINUTES = 24 * 60


def shift_check_in(*, sign_up: SignUp, actor: Person) -> SignUp:
    """Check in at the shift: the volunteer themselves from half an hour before it starts
    until it ends, or a coordinator for them (for those without a phone) at any time."""
    opportunity = sign_up.shift.opportunity
    coordinator = sign_up.person_id != actor.pk
    if coordinator:
        require_coordinator(actor, opportunity)
    with transaction.atomic():
        sign_up = (
            SignUp.objects.select_for_update(of=("self",))
            .select_related("shift")
            .get(pk=sign_up.pk)
        )
        if sign_up.status != SignUpStatus.CONFIRMED:
            raise ValidationError(_("Only people with a confirmed place can check in."))
        if sign_up.checked_in_at is not None:
            raise ValidationError(_("Already checked in."))
        shift, now = sign_up.shift, timezone.now()
        if not coordinator and not shift.starts_at - CHECK_IN_EARLY <= now <= shift.ends_at:
            raise ValidationError(
                _("You can check in from half an hour before the shift until it ends.")
            )
        sign_up.checked_in_at = now
        sign_up.checked_in_by = actor if coordinator else None
        sign_up.save(update_fields=["checked_in_at", "checked_in_by"])
        if coordinator:
            audit_record(
                action="volunteering.check_in",
                actor=actor,
                target=sign_up,
                organisation=organisation_of(opportunity),
                data={"shift": shift.pk},
            )
    return sign_up


def shift_check_out(*, sign_up: SignUp, actor: Person) -> SignUp:
    """Check out at the end: the volunteer themselves, or a coordinator for them. The time
    between check-in and check-out is then what the coordinator confirms by default."""
    opportunity = sign_up.shift.opportunity
    coordinator = sign_up.person_id != actor.pk
    if coordinator:
        require_coordinator(actor, opportunity)
    with transaction.atomic():
        sign_up = SignUp.objects.select_for_update(of=("self",)).get(pk=sign_up.pk)
        if sign_up.checked_in_at is None:
            raise ValidationError(_("Check in before checking out."))
        if sign_up.checked_out_at is not None or sign_up.minutes is not None:
            raise ValidationError(_("Already checked out."))
        sign_up.checked_out_at = max(timezone.now(), sign_up.checked_in_at)
        sign_up.save(update_fields=["checked_out_at"])
    return sign_up


def _default_minutes(sign_up: SignUp) -> int:
    if sign_up.checked_in_at is not None and sign_up.checked_out_at is not None:
        return round((sign_up.checked_out_at - sign_up.checked_in_at) / timedelta(minutes=1))
    shift = sign_up.shift
    return round((shift.ends_at - shift.starts_at) / timedelta(minutes=1))


def hours_confirm(*, sign_up: SignUp, actor: Person, minutes: int | None = None) -> SignUp:
    """Confirm the hours a checked-in volunteer gave: by default the time from check-in to
    check-out, or the shift's length if they did not check out.

    The confirmed hours become one row of the participation ledger, so they count in
    "Who takes part"; a volunteer checked in by a coordinator gets an assisted row.
    Where the organisation's time bank says so, they also earn time credits.
    """
    require_coordinator(actor, sign_up.shift.opportunity)
    with transaction.atomic():
        sign_up = (
            SignUp.objects.select_for_update(of=("self",))
            .select_related("shift__opportunity__activity__stage", "person")
            .get(pk=sign_up.pk)
        )
        if sign_up.checked_in_at is None:
            raise ValidationError(_("Check the volunteer in before confirming their hours."))
        if sign_up.minutes is not None:
            raise ValidationError(_("These hours are already confirmed."))
        shift = sign_up.shift
        if shift.starts_at > timezone.now():
            raise ValidationError(_("Hours are confirmed once the shift has started."))
        if minutes is None:
            minutes = _default_minutes(sign_up)
        if not 1 <= minutes <= MAX_MINUTES:
            raise ValidationError({"minutes": _("Give from 1 minute to 24 hours.")})
        sign_up.minutes = minutes
        sign_up.confirmed_by = actor
        sign_up.confirmed_at = timezone.now()
        sign_up.save(update_fields=["minutes", "confirmed_by", "confirmed_at"])
        assisted = sign_up.checked_in_by_id is not None
        contribution_record(
            person=sign_up.person,
            activity=shift.opportunity.activity,
            kind="volunteer-hours",
            mode=Mode.ACTION,
            channel=Channel.ASSISTED if assisted else Channel.ONLINE,
            recorded_by=sign_up.checked_in_by if assisted else None,
        )
        audit_record(
            action="volunteering.hours",
            actor=actor,
            target=sign_up,
            organisation=organisation_of(shift.opportunity),
            data={"shift": shift.pk, "minutes": minutes},
        )
        # Time credits, where the organisation's time bank pays for volunteering (once).
        credits_for_hours(sign_up=sign_up, actor=actor)
    return sign_up
