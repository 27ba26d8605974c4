"""Residents' writes: what they can do, signing up, the waiting list, offers and withdrawals.

A place is taken by ``_take_place``, one conditional UPDATE (``taken < capacity``) that the
database applies atomically, and the check constraint ``shift_never_overfilled`` backs it:
however many people sign up at once, a shift never holds more than its places.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import time, timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from coproduce.accounts.notifications import notify
from coproduce.audit.chain import audit_record
from coproduce.delivery.instruments import SHIFT_SIGN_UP
from coproduce.delivery.models import (
    HOLDING,
    AvailabilityWindow,
    CheckKind,
    Opportunity,
    Shift,
    SignUp,
    SignUpStatus,
    Skill,
    VolunteerCheck,
    VolunteerOffer,
)
from coproduce.delivery.services.setup import organisation_of, require_coordinator
from coproduce.initiatives.rules import can as can_take_part
from coproduce.initiatives.rules import require
from coproduce.ui.text import Sentence

if TYPE_CHECKING:
    from coproduce.accounts.models import Person
    from coproduce.places.models import Place

MAX_KM = 500
MAX_HOURS_A_MONTH = 200


def volunteer_offer_save(
    *,
    person: Person,
    skills: Iterable[str],
    place: Place | None,
    max_km: float | None,
    hours_a_month: int | None,
    windows: Iterable[tuple[int, time, time]],
) -> VolunteerOffer:
    """Save what the person can do and when (weekly windows replace the old ones)."""
    skills = sorted(set(skills))
    windows = sorted(set(windows))
    errors: dict[str, str] = {}
    if set(skills) - set(Skill.values):
        errors["skills"] = _("Choose skills from the list.")
    if max_km is not None and not 0 <= max_km <= MAX_KM:
        errors["max_km"] = _("Give a distance from 0 to %(n)s km.") % {"n": MAX_KM}
    if hours_a_month is not None and not 1 <= hours_a_month <= MAX_HOURS_A_MONTH:
        errors["hours_a_month"] = _("Give from 1 to %(n)s hours a month.") % {
            "n": MAX_HOURS_A_MONTH
        }
    if any(not 0 <= day <= 6 or ends <= starts for day, starts, ends in windows):
        errors["windows"] = _("Each time you are free must end after it starts.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        offer, _created = VolunteerOffer.objects.update_or_create(
            person=person,
            defaults={
                "skills": skills,
                "place": place,
                "max_km": max_km,
                "hours_a_month": hours_a_month,
                "updated_at": timezone.now(),
            },
        )
        offer.windows.all().delete()
        AvailabilityWindow.objects.bulk_create(
            AvailabilityWindow(offer=offer, weekday=day, starts=starts, ends=ends)
            for day, starts, ends in windows
        )
    return offer


def overlapping_holds(person: Person, shift: Shift) -> bool:
    """Return True if the person holds another shift that overlaps ``shift``."""
    return (
        SignUp.objects.filter(
            person=person,
            status__in=HOLDING,
            shift__starts_at__lt=shift.ends_at,
            shift__ends_at__gt=shift.starts_at,
        )
        .exclude(shift=shift)
        .exists()
    )


def shift_refusal(person: Person, shift: Shift) -> str:
    """Return why the person may not take a place on the shift, or ''."""
    if shift.starts_at <= timezone.now():
        return _("This shift has already started.")
    role = shift.role
    offer = VolunteerOffer.objects.filter(person=person).first()
    missing = set(role.skills) - set(offer.skills if offer else [])
    if missing:
        names = ", ".join(str(Skill(s).label) for s in sorted(missing))
        return _("This role needs: %(skills)s. Add them to what you can do first.") % {
            "skills": names
        }
    day = timezone.localtime(shift.starts_at).date()
    valid = set(
        VolunteerCheck.objects.filter(
            person=person,
            organisation=organisation_of(shift.opportunity),
            kind__in=role.checks,
            expires_on__gte=day,
        ).values_list("kind", flat=True)
    )
    for kind in role.checks:
        if kind not in valid:
            return _(
                "This role needs a %(check)s that is valid on the day of the shift. "
                "Ask the coordinator: they record checks."
            ) % {"check": CheckKind(kind).label}
    if overlapping_holds(person, shift):
        return _("You already have a shift at that time.")
    return ""


def _take_place(shift: Shift) -> bool:
    """Take one place if one is left, atomically in the database; return whether it did."""
    taken = Shift.objects.filter(pk=shift.pk, taken__lt=F("capacity")).update(taken=F("taken") + 1)
    return taken == 1


def _free_place(shift: Shift) -> None:
    Shift.objects.filter(pk=shift.pk, taken__gt=0).update(taken=F("taken") - 1)


def _hold(
    shift: Shift, person: Person, status: SignUpStatus, existing: SignUp | None, **extra: object
) -> SignUp:
    """Create the person's row on the shift, or reuse their locked old one, with ``status``.

    A new row is always an INSERT, so two requests at once meet the unique constraint
    rather than both updating one row (which would count one person's place twice).
    """
    if existing is None:
        return SignUp.objects.create(shift=shift, person=person, status=status, **extra)
    existing.status = status
    existing.created_at = timezone.now()
    for name, value in extra.items():
        setattr(existing, name, value)
    existing.save(update_fields=["status", "created_at", *extra])
    return existing


def shift_sign_up(*, shift: Shift, person: Person, wait: bool = False) -> SignUp:
    """Take a place on the shift; when it is full, join its waiting list if ``wait``.

    Raise ValidationError (with the reason) when the person may not take it or it is full.
    """
    require(person, SHIFT_SIGN_UP, shift.opportunity.activity)
    refusal = shift_refusal(person, shift)
    if refusal:
        raise ValidationError(refusal)
    try:
        with transaction.atomic():
            existing = SignUp.objects.select_for_update().filter(shift=shift, person=person).first()
            if existing is not None and existing.status in (*HOLDING, SignUpStatus.WAITING):
                raise ValidationError(
                    _("You are already on this shift's waiting list.")
                    if existing.status == SignUpStatus.WAITING
                    else _("You already have a place on this shift.")
                )
            if _take_place(shift):
                return _hold(shift, person, SignUpStatus.CONFIRMED, existing)
            if not wait:
                raise ValidationError(_("This shift is full. You can join its waiting list."))
            return _hold(shift, person, SignUpStatus.WAITING, existing)
    except IntegrityError:
        # The same person pressing twice at once: the unique constraint keeps one row.
        raise ValidationError(_("You already have a place on this shift.")) from None


def _offer_to_the_waiting_list(shift: Shift) -> SignUp | None:
    """Offer a free place to the first person waiting who may still take it, and tell them.

    Someone who has since taken an overlapping shift (or whose check has lapsed) is passed
    over and stays on the list.
    """
    waiting = (
        SignUp.objects.select_for_update(of=("self",))
        .filter(shift=shift, status=SignUpStatus.WAITING, person__isnull=False)
        .select_related("person")
        .order_by("created_at", "pk")
    )
    first = next(
        (row for row in waiting if row.person is not None and not shift_refusal(row.person, shift)),
        None,
    )
    if first is None or not _take_place(shift):
        return None
    first.status = SignUpStatus.OFFERED
    first.save(update_fields=["status"])
    notify(
        first.person,
        subject=Sentence(gettext_noop("A place came free on a shift")),
        body=Sentence(
            gettext_noop("A place on %(shift)s is yours if you want it: accept or decline it."),
            {"shift": shift},
        ),
        url=shift.get_absolute_url(),
    )
    return first


def _own(sign_up: SignUp, person: Person) -> None:
    if sign_up.person_id != person.pk:
        raise PermissionDenied(_("This is not your place."))


def shift_withdraw(*, sign_up: SignUp, person: Person) -> SignUp:
    """Give up one's place (or leave the waiting list); the place goes to the first waiting."""
    _own(sign_up, person)
    with transaction.atomic():
        sign_up = SignUp.objects.select_for_update().get(pk=sign_up.pk)
        if sign_up.status not in (*HOLDING, SignUpStatus.WAITING):
            raise ValidationError(_("You have no place on this shift to give up."))
        shift = sign_up.shift
        if shift.starts_at <= timezone.now():
            raise ValidationError(_("This shift has already started."))
        held = sign_up.status in HOLDING
        sign_up.status = SignUpStatus.WITHDRAWN
        sign_up.save(update_fields=["status"])
        if held:
            _free_place(shift)
            _offer_to_the_waiting_list(shift)
    return sign_up


def offer_accept(*, sign_up: SignUp, person: Person) -> SignUp:
    """Accept a place offered by the coordinator or from the waiting list."""
    _own(sign_up, person)
    with transaction.atomic():
        sign_up = SignUp.objects.select_for_update().get(pk=sign_up.pk)
        if sign_up.status != SignUpStatus.OFFERED:
            raise ValidationError(_("There is no offer to accept."))
        if sign_up.shift.starts_at <= timezone.now():
            raise ValidationError(_("This shift has already started."))
        sign_up.status = SignUpStatus.CONFIRMED
        sign_up.save(update_fields=["status"])
    return sign_up


def offer_decline(*, sign_up: SignUp, person: Person) -> SignUp:
    """Decline an offered place: it is freed for the waiting list."""
    _own(sign_up, person)
    with transaction.atomic():
        sign_up = SignUp.objects.select_for_update().get(pk=sign_up.pk)
        if sign_up.status != SignUpStatus.OFFERED:
            raise ValidationError(_("There is no offer to decline."))
        sign_up.status = SignUpStatus.DECLINED
        sign_up.save(update_fields=["status"])
        _free_place(sign_up.shift)
        _offer_to_the_waiting_list(sign_up.shift)
    return sign_up


def _offer_place(
    opportunity: Opportunity, person: Person, shift: Shift, distance: float | None
) -> bool:
    """Offer the person a place on the shift if it is still possible; return whether it was."""
    if SignUp.objects.filter(shift=shift, person=person).exists():
        return False
    if not can_take_part(person, SHIFT_SIGN_UP, opportunity.activity).ok:
        return False
    if shift_refusal(person, shift):
        return False
    try:
        with transaction.atomic():  # a savepoint: the person may be signing up right now
            if not _take_place(shift):
                return False
            _hold(shift, person, SignUpStatus.OFFERED, None, distance_km=distance)
    except IntegrityError:
        return False
    return True


def offers_send(
    *,
    opportunity: Opportunity,
    actor: Person,
    pairs: Iterable[tuple[Person, Shift, float | None]],
) -> tuple[int, int]:
    """Offer places to the people a matching proposed; return (sent, no longer possible).

    Every pair is checked again (eligibility, checks, overlaps, places left) as it is sent,
    so a proposal that went stale while the coordinator read it cannot overfill anything.
    """
    require_coordinator(actor, opportunity)
    sent = skipped = 0
    with transaction.atomic():
        for person, shift, distance in pairs:
            if shift.opportunity_id != opportunity.pk:
                raise ValidationError(_("Choose shifts of this programme."))
            if not _offer_place(opportunity, person, shift, distance):
                skipped += 1
                continue
            notify(
                person,
                subject=Sentence(gettext_noop("You are offered a volunteering shift")),
                body=Sentence(
                    gettext_noop("%(shift)s: accept or decline the place."), {"shift": shift}
                ),
                url=shift.get_absolute_url(),
            )
            sent += 1
        audit_record(
            action="volunteering.offers",
            actor=actor,
            target=opportunity,
            data={"sent": sent, "skipped": skipped},
        )
    return sent, skipped


def within_check_in(shift: Shift) -> bool:
    now = timezone.now()
    return shift.starts_at - timedelta(minutes=30) <= now <= shift.ends_at
