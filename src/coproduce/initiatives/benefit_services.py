"""Writes for "Who benefits": staff set the threshold of a benefit and log outreach actions
against the groups it flags. Both audited; both refused to anyone but the place's staff."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.audit.chain import audit_record
from coproduce.initiatives.benefit_selectors import (
    benefit_threshold,
    benefits_picture,
    can_manage_benefits,
)
from coproduce.initiatives.benefits import BenefitSource, Period, Summary
from coproduce.initiatives.models import BenefitAlert, BenefitThreshold, GroupKind, OutreachAction

if TYPE_CHECKING:
    from coproduce.accounts.models import Person
    from coproduce.places.models import Place

LOWEST, HIGHEST = Decimal("0.01"), Decimal("2")


def benefit_threshold_set(
    *, actor: Person, place: Place, source: BenefitSource, minimum_ratio: Decimal
) -> BenefitThreshold:
    """Set the ratio below which a group of ``place`` counts as under-served in ``source``.

    Raise PermissionDenied for anyone but the place's staff; ValidationError for a ratio
    outside (0, 2] or a source that has no ratio (a median).
    """
    if not can_manage_benefits(actor, place):
        raise PermissionDenied
    if source.summary != Summary.TOTAL:
        raise ValidationError(_("This figure is a median: it has no ratio to set a threshold on."))
    if not LOWEST <= minimum_ratio <= HIGHEST:
        raise ValidationError(
            _("The threshold must be a ratio between %(low)s and %(high)s.")
            % {"low": LOWEST, "high": HIGHEST}
        )
    with transaction.atomic():
        threshold, _created = BenefitThreshold.objects.update_or_create(
            place=place,
            source=source.key,
            defaults={"minimum_ratio": minimum_ratio, "set_by": actor, "set_at": timezone.now()},
        )
        audit_record(
            action="benefits.threshold_set",
            actor=actor,
            target=threshold,
            organisation=place.owning_body(),
            data={"place": place.slug, "source": source.key, "minimum_ratio": str(minimum_ratio)},
        )
    return threshold


def outreach_action_log(
    *,
    actor: Person,
    place: Place,
    source: BenefitSource,
    group_kind: GroupKind,
    group: str,
    period: Period,
    what: str,
    done_on: date,
    done_by: str,
) -> OutreachAction:
    """Log what was done about a group the threshold flags in ``period``; return the action.

    The alert is made with the first action. Raise PermissionDenied for anyone but the
    place's staff; ValidationError when no threshold is set, the group is not under-served
    in that period, or ``what`` or ``done_by`` is empty.
    """
    if not can_manage_benefits(actor, place):
        raise PermissionDenied
    what, done_by = what.strip(), done_by.strip()
    if not what or not done_by:
        raise ValidationError(_("Say what was done and by whom."))
    threshold = benefit_threshold(place, source)
    if threshold is None:
        raise ValidationError(_("Set a threshold for this figure first."))
    picture = benefits_picture(place, source, period, threshold=threshold.minimum_ratio)
    row = picture.row(group_kind, group)
    if row is None or not row.under_served:
        raise ValidationError(_("That group is not under-served in this period."))
    with transaction.atomic():
        alert, _created = BenefitAlert.objects.get_or_create(
            place=place,
            source=source.key,
            group_kind=group_kind,
            group=group,
            period_start=period.start,
            period_end=period.end,
            defaults={"threshold": threshold.minimum_ratio},
        )
        action = OutreachAction.objects.create(
            alert=alert, what=what, done_on=done_on, done_by=done_by, logged_by=actor
        )
        audit_record(
            action="benefits.outreach_logged",
            actor=actor,
            target=action,
            organisation=place.owning_body(),
            data={
                "place": place.slug,
                "source": source.key,
                "group": f"{group_kind}:{group}",
                "period": [period.start, period.end],
                "ratio": row.figures.ratio,
                "what": what,
                "done_on": done_on,
                "done_by": done_by,
            },
        )
    return action
