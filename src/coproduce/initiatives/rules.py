"""``can(person, action, activity)``: the one check before any action on an instrument.

It combines the three things that decide whether an action may be taken now: the phase
(from the activity's one clock), the role (a participant who can see the activity, or the
organisation role the action needs) and eligibility (age, residency). Services call
``require`` so every instrument refuses the same way, with a message that says why.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from coproduce.initiatives.clock import AFTER, BEFORE, Moment, moment_of
from coproduce.initiatives.instruments import PARTICIPANT, instrument_for
from coproduce.initiatives.models import Visibility
from coproduce.initiatives.selectors import eligibility_for
from coproduce.organisations.permissions import Action, member_organisations
from coproduce.organisations.permissions import can as organisation_can

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from coproduce.accounts.models import Person
    from coproduce.initiatives.models import Activity

__all__ = ["PHASE", "ROLE", "Verdict", "can", "require"]

# Why a verdict refuses: the phase (try later or earlier) or the person (role, eligibility).
PHASE, ROLE = "phase", "role"


@dataclass(frozen=True)
class Verdict:
    """Whether an action may be taken, and if not, a sentence saying why."""

    ok: bool
    reason: str = ""
    refused_by: str = ""

    def __bool__(self) -> bool:
        return self.ok


def _when(moment: datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def _phase_verdict(action: str, activity: Activity, moment: Moment) -> Verdict | None:
    if moment.status == BEFORE:
        reason = _("This has not opened yet: it opens on %(date)s.") % {
            "date": _when(activity.starts_at)
        }
        return Verdict(False, reason, PHASE)
    if moment.status == AFTER:
        assert activity.ends_at is not None
        reason = _("This closed on %(date)s.") % {"date": _when(activity.ends_at)}
        return Verdict(False, reason, PHASE)
    instrument = instrument_for(activity.kind)
    if action in instrument.phase(moment.phase.key).allows:
        return None
    allowing = ", ".join(str(p.label) for p in instrument.phases_allowing(action))
    reason = _(
        "This is not open now: it can be done only during “%(allowed)s”, "
        "and the current phase is “%(phase)s”."
    ) % {
        "allowed": allowing,
        "phase": moment.phase.label,
    }
    return Verdict(False, reason, PHASE)


def _role_verdict(
    person: Person | AnonymousUser,
    who: str,
    activity: Activity,
    residence: frozenset[int] | None,
) -> Verdict:
    organisation = activity.stage.initiative.organisation
    if who != PARTICIPANT:
        if organisation_can(person, Action(who), organisation):
            return Verdict(True)
        return Verdict(False, _("Only the organisation's staff can do this."), ROLE)
    if activity.visibility != Visibility.PUBLIC and not organisation_can(
        person, Action.MANAGE_INITIATIVES, organisation
    ):
        members_of = member_organisations(person)
        member = members_of is not None and members_of.filter(pk=organisation.pk).exists()
        if not member:
            return Verdict(False, _("This is open to the organisation's members only."), ROLE)
    eligibility = eligibility_for(person, activity, on=timezone.localdate(), residence=residence)
    return Verdict(eligibility.ok, eligibility.reason, "" if eligibility.ok else ROLE)


def can(
    person: Person | AnonymousUser,
    action: str,
    activity: Activity,
    *,
    at: datetime | None = None,
    residence: frozenset[int] | None = None,
) -> Verdict:
    """Return whether ``person`` may take ``action`` on ``activity`` at ``at`` (default now).

    The phase is checked first (so "voting has closed" is said even to someone who could
    not have voted), then the role and eligibility. ``residence``: where the person lives,
    when the caller has read it already (``eligibility_for``). Raise KeyError if the
    activity's instrument does not declare ``action``.
    """
    spec = instrument_for(activity.kind).actions[action]
    refused = _phase_verdict(action, activity, moment_of(activity, at))
    if refused is not None:
        return refused
    return _role_verdict(person, spec.who, activity, residence)


def require(
    person: Person | AnonymousUser, action: str, activity: Activity, *, at: datetime | None = None
) -> None:
    """Raise unless ``can`` allows the action: ValidationError for the phase (nothing is
    wrong with the person, only the time), PermissionDenied for the role or eligibility."""
    verdict = can(person, action, activity, at=at)
    if verdict.ok:
        return
    if verdict.refused_by == PHASE:
        raise ValidationError(verdict.reason)
    raise PermissionDenied(verdict.reason)
