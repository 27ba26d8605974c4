"""Who may comment where, and when: an activity's ``CommentRules`` read in one place.

``comment_verdict`` answers for a person and a target (through its spec); services call
``comment_require`` so every refusal says why in the same words.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from coproduce.discussion.models import Commenters, CommentRules
from coproduce.initiatives.clock import DURING, moment_of
from coproduce.initiatives.instruments import UnknownInstrument, instrument_for
from coproduce.initiatives.rules import PHASE, ROLE, Verdict
from coproduce.places.selectors import residence_places

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from coproduce.accounts.models import Person
    from coproduce.initiatives.models import Activity
    from coproduce.places.models import Place

__all__ = ["comment_require", "comment_rules_of", "comment_verdict", "phase_choices", "place_of"]


def comment_rules_of(activity: Activity | None) -> CommentRules:
    """Return the activity's rules, or the defaults (unsaved) when it has none."""
    if activity is None:
        return CommentRules()
    found = CommentRules.objects.filter(activity=activity).first()
    return found if found is not None else CommentRules(activity=activity)


def phase_choices(activity: Activity) -> list[tuple[str, str]]:
    """Return ``(key, label)`` of the phases of the activity's instrument, in order."""
    try:
        instrument = instrument_for(activity.kind)
    except UnknownInstrument:
        return []
    return [(phase.key, str(phase.label)) for phase in instrument.phases]


def place_of(activity: Activity) -> Place:
    """The place whose residents the "residents" rule means: the activity's eligible place,
    else its initiative's place."""
    return activity.eligible_place or activity.stage.initiative.place


def _phase_verdict(rules: CommentRules, activity: Activity) -> Verdict | None:
    if not rules.phases:
        return None
    moment = moment_of(activity)
    if moment.status == DURING and moment.phase.key in rules.phases:
        return None
    labels = dict(phase_choices(activity))
    allowed = ", ".join(labels.get(key, key) for key in rules.phases)
    reason = _("Comments are open only during “%(phases)s”.") % {"phases": allowed}
    return Verdict(False, reason, PHASE)


def comment_verdict(
    person: Person | AnonymousUser,
    activity: Activity | None,
    *,
    rules: CommentRules | None = None,
    residence: frozenset[int] | None = None,
) -> Verdict:
    """Return whether ``person`` may comment now on a target under ``activity``'s rules.

    The target's visibility is the caller's (fetch it with the spec's ``find`` first).
    Closed comments and phases are said before the person's standing.
    """
    rules = rules if rules is not None else comment_rules_of(activity)
    if rules.who == Commenters.NOBODY:
        return Verdict(False, _("Comments are closed here."), PHASE)
    if activity is not None:
        refused = _phase_verdict(rules, activity)
        if refused is not None:
            return refused
    if not person.is_authenticated:
        return Verdict(False, _("Sign in to comment."), ROLE)
    if rules.who == Commenters.RESIDENTS and activity is not None:
        place = place_of(activity)
        places = residence if residence is not None else residence_places(person)
        if place.pk not in places:
            reason = _("Only verified residents of %(place)s may comment here.") % {
                "place": place.name
            }
            return Verdict(False, reason, ROLE)
    return Verdict(True)


def comment_require(
    person: Person | AnonymousUser, activity: Activity | None, *, rules: CommentRules | None = None
) -> None:
    """Raise unless ``comment_verdict`` allows: ValidationError for the time (closed),
    PermissionDenied for the person."""
    verdict = comment_verdict(person, activity, rules=rules)
    if verdict.ok:
        return
    if verdict.refused_by == PHASE:
        raise ValidationError(verdict.reason)
    raise PermissionDenied(verdict.reason)
