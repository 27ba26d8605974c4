"""Writes for options appraisals: the set-up by staff (options, criteria, scores with their
sources, stakeholder groups and their members, weights entered from a workshop, publishing)
and members' own weights.

Staff writes need ``MANAGE_INITIATIVES`` in the organisation (and so the second factor in a
request) and are audited; staff may prepare an appraisal before it opens. Joining a group
and weighing go through ``initiatives.rules.require`` (the weighting phase) and write a
ledger row. Every write checks all its input first: bad input changes nothing.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.audit.chain import audit_record
from coproduce.design.instruments import APPRAISAL, APPRAISAL_JOIN, APPRAISAL_WEIGH
from coproduce.design.models import (
    Appraisal,
    AppraisalCriterion,
    AppraisalMethod,
    AppraisalOption,
    AppraisalScore,
    CriterionDirection,
    GroupMember,
    GroupWeight,
    MemberWeight,
    StakeholderGroup,
)
from coproduce.design.models.appraisal import IMPORTANCE_MAX
from coproduce.initiatives.models import Activity, Co, Initiative, Mode
from coproduce.initiatives.rules import require
from coproduce.initiatives.services import activity_create, activity_phase_move, contribution_record
from coproduce.organisations.permissions import Action, can

if TYPE_CHECKING:
    from datetime import datetime

    from django.contrib.auth.models import AnonymousUser

    from coproduce.accounts.models import Person

NAME_MAX = 140
TEXT_MAX = 4000
UNIT_MAX = 40
SOURCE_MAX = 300
NOTE_MAX = 300
#: Scores and entered weights beyond this are refused (a typo, not a measurement).
NUMBER_MAX = 1e15
_INVITE_SALT = "design.appraisal.invite"


def _clean(text: str) -> str:
    return " ".join(text.split())


def _require_staff(actor: Person | AnonymousUser, appraisal_or_activity: object) -> None:
    activity = (
        appraisal_or_activity.activity
        if isinstance(appraisal_or_activity, Appraisal)
        else appraisal_or_activity
    )
    assert isinstance(activity, Activity)
    if not can(actor, Action.MANAGE_INITIATIVES, activity.stage.initiative.organisation):
        raise PermissionDenied(_("Only the organisation's staff or coordinators can do this."))


def _audit(
    action: str, actor: Person, target: object, appraisal: Appraisal, **data: object
) -> None:
    audit_record(
        action=action,
        actor=actor,
        target=target,  # type: ignore[arg-type]
        data=data,
        organisation=appraisal.activity.stage.initiative.organisation,
    )


def _name(name: str, errors: dict[str, str], field: str = "name") -> str:
    name = _clean(name)
    if not name:
        errors[field] = _("Give it a name.")
    elif len(name) > NAME_MAX:
        errors[field] = _("Keep the name to %(n)s characters or fewer.") % {"n": NAME_MAX}
    return name


def _text(text: str, errors: dict[str, str], field: str = "description") -> str:
    text = text.strip()
    if len(text) > TEXT_MAX:
        errors[field] = _("Keep it to %(n)s characters or fewer.") % {"n": TEXT_MAX}
    return text


def appraisal_set_up(
    *, activity: Activity, actor: Person, question: str, method: str = AppraisalMethod.WSM
) -> Appraisal:
    """Set up (or change) the appraisal of an appraisal activity; audited."""
    _require_staff(actor, activity)
    if activity.kind != APPRAISAL:
        raise ValidationError(_("This activity is not an options appraisal."))
    errors: dict[str, str] = {}
    question = _clean(question)
    if not question:
        errors["question"] = _("Write the question the options answer.")
    elif len(question) > NOTE_MAX:
        errors["question"] = _("Keep the question to %(n)s characters or fewer.") % {"n": NOTE_MAX}
    if method not in AppraisalMethod.values:
        errors["method"] = _("Choose a method from the list.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        appraisal, created = Appraisal.objects.update_or_create(
            activity=activity, defaults={"question": question, "method": method}
        )
        appraisal.activity = activity
        _audit(
            "appraisal.create" if created else "appraisal.change",
            actor,
            appraisal,
            appraisal,
            method=method,
        )
    return appraisal


def appraisal_activity_create(
    *,
    actor: Person,
    initiative: Initiative,
    title: str,
    starts_at: datetime,
    ends_at: datetime | None = None,
    description: str = "",
    question: str,
    method: str = AppraisalMethod.WSM,
) -> Appraisal:
    """Add an options-appraisal activity to the initiative's co-design stage, all or nothing."""
    with transaction.atomic():
        activity = activity_create(
            actor=actor,
            initiative=initiative,
            co=Co.DESIGN,
            kind=APPRAISAL,
            title=title,
            description=description,
            starts_at=starts_at,
            ends_at=ends_at,
        )
        return appraisal_set_up(activity=activity, actor=actor, question=question, method=method)


def _unique(model: type, appraisal: Appraisal, name: str, errors: dict[str, str]) -> None:
    if model.objects.filter(appraisal=appraisal, name=name).exists():  # type: ignore[attr-defined]
        errors["name"] = _("There is already one called “%(name)s”.") % {"name": name}


def option_add(
    *, appraisal: Appraisal, actor: Person, name: str, description: str = ""
) -> AppraisalOption:
    """Add an option (a layout, a design); audited."""
    _require_staff(actor, appraisal)
    errors: dict[str, str] = {}
    name, description = _name(name, errors), _text(description, errors)
    if not errors:
        _unique(AppraisalOption, appraisal, name, errors)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        option = AppraisalOption.objects.create(
            appraisal=appraisal, name=name, description=description
        )
        _audit("appraisal.option_add", actor, option, appraisal, name=name)
    return option


def criterion_add(
    *,
    appraisal: Appraisal,
    actor: Person,
    name: str,
    direction: str,
    unit: str = "",
    description: str = "",
) -> AppraisalCriterion:
    """Add a criterion (a benefit or a cost, in a unit); audited."""
    _require_staff(actor, appraisal)
    errors: dict[str, str] = {}
    name, description, unit = _name(name, errors), _text(description, errors), _clean(unit)
    if direction not in CriterionDirection.values:
        errors["direction"] = _("Say whether more is better or less is better.")
    if len(unit) > UNIT_MAX:
        errors["unit"] = _("Keep the unit to %(n)s characters or fewer.") % {"n": UNIT_MAX}
    if not errors:
        _unique(AppraisalCriterion, appraisal, name, errors)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        criterion = AppraisalCriterion.objects.create(
            appraisal=appraisal, name=name, direction=direction, unit=unit, description=description
        )
        _audit("appraisal.criterion_add", actor, criterion, appraisal, name=name)
    return criterion


def group_add(
    *, appraisal: Appraisal, actor: Person, name: str, description: str = ""
) -> StakeholderGroup:
    """Add a stakeholder group; audited."""
    _require_staff(actor, appraisal)
    errors: dict[str, str] = {}
    name, description = _name(name, errors), _text(description, errors)
    if not errors:
        _unique(StakeholderGroup, appraisal, name, errors)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        group = StakeholderGroup.objects.create(
            appraisal=appraisal, name=name, description=description
        )
        _audit("appraisal.group_add", actor, group, appraisal, name=name)
    return group


def appraisal_part_remove(
    *,
    appraisal: Appraisal,
    actor: Person,
    part: AppraisalOption | AppraisalCriterion | StakeholderGroup,
) -> None:
    """Remove an option, a criterion or a group (with its scores or weights); audited."""
    _require_staff(actor, appraisal)
    if part.appraisal_id != appraisal.pk:
        raise PermissionDenied
    kind = type(part).__name__
    with transaction.atomic():
        _audit("appraisal.remove", actor, appraisal, appraisal, kind=kind, name=part.name)
        part.delete()


def scores_set(
    *,
    appraisal: Appraisal,
    actor: Person,
    values: Mapping[tuple[int, int], float | None],
    sources: Mapping[tuple[int, int], str],
) -> int:
    """Store every option's score on every criterion, keyed (option pk, criterion pk), with
    its source; return how many changed. All or nothing: a missing or non-finite score, or a
    key of another appraisal, is refused with every problem named and nothing stored."""
    _require_staff(actor, appraisal)
    options = list(appraisal.options.all())
    criteria = list(appraisal.criteria.all())
    wanted = {(o.pk, c.pk): (o, c) for o in options for c in criteria}
    if set(values) - set(wanted) or set(sources) - set(wanted):
        raise PermissionDenied
    errors: dict[str, str] = {}
    for (option_pk, criterion_pk), (option, criterion) in wanted.items():
        field = f"score_{option_pk}_{criterion_pk}"
        value = values.get((option_pk, criterion_pk))
        names = {"option": option.name, "criterion": criterion.name}
        if value is None:
            errors[field] = _("Give %(option)s's score on %(criterion)s.") % names
        elif not math.isfinite(value) or abs(value) > NUMBER_MAX:
            errors[field] = _("%(option)s's score on %(criterion)s must be a number.") % names
        if len(sources.get((option_pk, criterion_pk), "")) > SOURCE_MAX:
            errors[f"source_{option_pk}_{criterion_pk}"] = _(
                "Keep the source to %(n)s characters or fewer."
            ) % {"n": SOURCE_MAX}
    if errors:
        raise ValidationError(errors)
    changed = 0
    with transaction.atomic():
        existing = {
            (s.option_id, s.criterion_id): s
            for s in AppraisalScore.objects.filter(option__appraisal=appraisal)
        }
        for key in wanted:
            value, source = values[key], _clean(sources.get(key, ""))
            assert value is not None
            score = existing.get(key)
            if score is None:
                AppraisalScore.objects.create(
                    option_id=key[0], criterion_id=key[1], value=value, source=source
                )
            elif (score.value, score.source) != (value, source):
                score.value, score.source = value, source
                score.save(update_fields=["value", "source"])
            else:
                continue
            changed += 1
        _audit("appraisal.scores", actor, appraisal, appraisal, changed=changed)
    return changed


def invitation_token(group: StakeholderGroup) -> str:
    """Return the signed token of the group's invitation link (a new key revokes it)."""
    return signing.dumps({"g": group.pk, "k": group.invite_key}, salt=_INVITE_SALT)


def group_from_invitation(appraisal: Appraisal, token: str) -> StakeholderGroup | None:
    """Return the appraisal's group a token invites to, or None if it is not a valid link."""
    try:
        data = signing.loads(token, salt=_INVITE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    group_pk, key = data.get("g"), data.get("k")
    if not isinstance(group_pk, int) or not isinstance(key, str):
        return None
    return StakeholderGroup.objects.filter(appraisal=appraisal, pk=group_pk, invite_key=key).first()


def invitation_renew(*, group: StakeholderGroup, actor: Person) -> StakeholderGroup:
    """Give the group a new invitation link; the old one stops working. Audited."""
    appraisal = group.appraisal
    _require_staff(actor, appraisal)
    from coproduce.design.models.appraisal import _invite_key

    with transaction.atomic():
        group.invite_key = _invite_key()
        group.save(update_fields=["invite_key"])
        _audit("appraisal.invitation_renew", actor, group, appraisal)
    return group


def member_add(*, group: StakeholderGroup, actor: Person, email: str) -> GroupMember:
    """Add the person with this account e-mail to the group; audited."""
    from coproduce.accounts.models import Person

    appraisal = group.appraisal
    _require_staff(actor, appraisal)
    email = email.strip()
    person = Person.objects.filter(email__iexact=email, is_active=True).first() if email else None
    if person is None:
        raise ValidationError(
            {
                "email": _(
                    "No account uses this e-mail address. Send the group's invitation link "
                    "instead: the person joins once they have an account."
                )
            }
        )
    if GroupMember.objects.filter(group=group, person=person).exists():
        raise ValidationError({"email": _("This person is already in the group.")})
    with transaction.atomic():
        member = GroupMember.objects.create(group=group, person=person, added_by=actor)
        _audit("appraisal.member_add", actor, group, appraisal, member=member.pk)
    return member


def group_join(*, group: StakeholderGroup, person: Person | AnonymousUser) -> GroupMember:
    """Join the group through its invitation link (during the weighting phase); joining twice
    returns the membership already there."""
    require(person, APPRAISAL_JOIN, group.appraisal.activity)
    assert person.is_authenticated
    existing = GroupMember.objects.filter(group=group, person=person).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            member = GroupMember.objects.create(group=group, person=person)
            contribution_record(
                person=person,
                activity=group.appraisal.activity,
                kind="appraisal.join",
                mode=Mode.VOICE,
            )
    except IntegrityError:  # two clicks at once
        return GroupMember.objects.get(group=group, person=person)
    return member


def member_weights_set(
    *,
    group: StakeholderGroup,
    person: Person | AnonymousUser,
    importances: Mapping[int, int | None],
) -> GroupMember:
    """Store a member's importance (0–10) of every criterion, keyed by criterion pk.

    Refused to anyone not in the group, outside the weighting phase, and (with every problem
    named, nothing stored) for a missing or out-of-range importance or all of them 0.
    """
    activity = group.appraisal.activity
    require(person, APPRAISAL_WEIGH, activity)
    assert person.is_authenticated
    member = GroupMember.objects.filter(group=group, person=person).first()
    if member is None:
        raise PermissionDenied(
            _("Only members of %(group)s can weigh the criteria for it.") % {"group": group.name}
        )
    criteria = list(group.appraisal.criteria.all())
    if set(importances) - {c.pk for c in criteria}:
        raise PermissionDenied
    errors: dict[str, str] = {}
    for criterion in criteria:
        value = importances.get(criterion.pk)
        if value is None or not 0 <= value <= IMPORTANCE_MAX:
            errors[f"criterion_{criterion.pk}"] = _(
                "Give %(criterion)s an importance from 0 to %(max)s."
            ) % {"criterion": criterion.name, "max": IMPORTANCE_MAX}
    if not errors and not any(importances.values()):
        errors["__all__"] = _("Give at least one criterion an importance above 0.")
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    with transaction.atomic():
        first = not member.weights.exists()
        for criterion in criteria:
            MemberWeight.objects.update_or_create(
                member=member,
                criterion=criterion,
                defaults={"importance": int(importances[criterion.pk] or 0), "updated_at": now},
            )
        if first:
            contribution_record(
                person=person, activity=activity, kind="appraisal.weigh", mode=Mode.VOICE
            )
    return member


def group_weights_enter(
    *,
    group: StakeholderGroup,
    actor: Person,
    weights: Mapping[int, float | None],
    note: str,
) -> StakeholderGroup:
    """Enter a group's weights for it (from a workshop): any numbers ≥ 0, normalised later;
    they override the members' own, and ``note`` says where they come from. Audited."""
    appraisal = group.appraisal
    _require_staff(actor, appraisal)
    criteria = list(appraisal.criteria.all())
    if set(weights) - {c.pk for c in criteria}:
        raise PermissionDenied
    errors: dict[str, str] = {}
    for criterion in criteria:
        value = weights.get(criterion.pk)
        if value is None or not math.isfinite(value) or not 0 <= value <= NUMBER_MAX:
            errors[f"criterion_{criterion.pk}"] = _(
                "Give %(criterion)s a weight: a number, 0 or more."
            ) % {"criterion": criterion.name}
    if not errors and not any(weights.values()):
        errors["__all__"] = _("Give at least one criterion a weight above 0.")
    note = _clean(note)
    if not note:
        errors["note"] = _("Say where these weights come from, for example the workshop.")
    elif len(note) > NOTE_MAX:
        errors["note"] = _("Keep the note to %(n)s characters or fewer.") % {"n": NOTE_MAX}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        for criterion in criteria:
            GroupWeight.objects.update_or_create(
                group=group,
                criterion=criterion,
                defaults={"weight": float(weights[criterion.pk] or 0)},
            )
        group.weights_note = note
        group.weights_entered_by = actor
        group.weights_entered_at = timezone.now()
        group.save(update_fields=["weights_note", "weights_entered_by", "weights_entered_at"])
        _audit(
            "appraisal.group_weights",
            actor,
            group,
            appraisal,
            weights={str(k): v for k, v in weights.items()},
            note=note,
        )
    return group


def group_weights_clear(*, group: StakeholderGroup, actor: Person) -> StakeholderGroup:
    """Remove the weights staff entered, so the members' own count again; audited."""
    appraisal = group.appraisal
    _require_staff(actor, appraisal)
    with transaction.atomic():
        GroupWeight.objects.filter(group=group).delete()
        group.weights_note = ""
        group.weights_entered_by = None
        group.weights_entered_at = None
        group.save(update_fields=["weights_note", "weights_entered_by", "weights_entered_at"])
        _audit("appraisal.group_weights_clear", actor, group, appraisal)
    return group


def appraisal_publish(*, appraisal: Appraisal, actor: Person) -> Appraisal:
    """Publish the results: the activity moves to its results phase (weighting ends)."""
    _require_staff(actor, appraisal)
    appraisal.activity = activity_phase_move(
        activity=appraisal.activity, key="results", actor=actor
    )
    return appraisal
