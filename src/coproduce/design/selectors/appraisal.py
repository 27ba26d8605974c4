"""Reads for options appraisals: the appraisal a person may see or set up, its groups and
memberships, whether its results are published, and the staff's set-up overview."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from coproduce.design.instruments import APPRAISAL
from coproduce.design.models import (
    Appraisal,
    AppraisalCriterion,
    AppraisalScore,
    GroupMember,
    StakeholderGroup,
)
from coproduce.initiatives.clock import BEFORE, moment_of
from coproduce.initiatives.models import Activity
from coproduce.initiatives.selectors import activities_for_user
from coproduce.organisations.permissions import Action, can

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from coproduce.accounts.models import Person

RESULTS = "results"


def _activity(queryset: QuerySet[Activity], activity_pk: int) -> Activity:
    return get_object_or_404(
        queryset.filter(kind=APPRAISAL).select_related(
            "stage__initiative__organisation", "eligible_place"
        ),
        pk=activity_pk,
    )


def _appraisal(activity: Activity) -> Appraisal | None:
    appraisal = Appraisal.objects.filter(activity=activity).first()
    if appraisal is not None:
        appraisal.activity = activity
    return appraisal


def appraisal_for_user(
    user: Person | AnonymousUser, activity_pk: int
) -> tuple[Activity, Appraisal | None]:
    """Return the appraisal activity the user may see and its appraisal (None: not set up
    yet); raise Http404 otherwise."""
    activity = _activity(activities_for_user(user), activity_pk)
    return activity, _appraisal(activity)


def appraisal_for_staff(
    user: Person | AnonymousUser, activity_pk: int
) -> tuple[Activity, Appraisal | None]:
    """Return an appraisal activity the user may set up, and its appraisal; raise otherwise."""
    activity = _activity(Activity.objects.all(), activity_pk)
    if not can(user, Action.MANAGE_INITIATIVES, activity.stage.initiative.organisation):
        raise PermissionDenied
    return activity, _appraisal(activity)


def is_staff_of(user: Person | AnonymousUser, activity: Activity) -> bool:
    return can(user, Action.MANAGE_INITIATIVES, activity.stage.initiative.organisation)


def is_published(activity: Activity) -> bool:
    """True once the activity has reached its results phase (staff published them)."""
    moment = moment_of(activity)
    return moment.status != BEFORE and moment.phase.key == RESULTS


def group_in(appraisal: Appraisal, group_pk: int) -> StakeholderGroup:
    """Return the appraisal's group ``group_pk``; raise Http404 otherwise."""
    group = StakeholderGroup.objects.filter(appraisal=appraisal, pk=group_pk).first()
    if group is None:
        raise Http404
    group.appraisal = appraisal
    return group


def groups_of(appraisal: Appraisal) -> list[StakeholderGroup]:
    groups = list(appraisal.groups.all())
    for group in groups:
        group.appraisal = appraisal
    return groups


def memberships_of(appraisal: Appraisal, person: Person | AnonymousUser) -> list[StakeholderGroup]:
    """The appraisal's groups the person is a member of."""
    if not person.is_authenticated:
        return []
    groups = list(appraisal.groups.filter(members__person=person))
    for group in groups:
        group.appraisal = appraisal
    return groups


def member_of(group: StakeholderGroup, person: Person | AnonymousUser) -> GroupMember | None:
    if not person.is_authenticated:
        return None
    return GroupMember.objects.filter(group=group, person=person).first()


def member_importances(member: GroupMember | None) -> dict[int, int]:
    """The member's importance per criterion pk, as last saved."""
    if member is None:
        return {}
    return dict(member.weights.values_list("criterion_id", "importance"))


def members_listed(group: StakeholderGroup) -> list[GroupMember]:
    """The group's members (staff page), with whether each has weighed."""
    return list(
        group.members.select_related("person").prefetch_related("weights").order_by("joined_at")
    )


def score_rows(
    appraisal: Appraisal,
) -> list[tuple[AppraisalCriterion, list[AppraisalScore | None]]]:
    """Per criterion, each option's score (None: not given yet), options in order."""
    options = list(appraisal.options.values_list("pk", flat=True))
    scores = {
        (s.option_id, s.criterion_id): s
        for s in AppraisalScore.objects.filter(option__appraisal=appraisal)
    }
    return [
        (criterion, [scores.get((option, criterion.pk)) for option in options])
        for criterion in appraisal.criteria.all()
    ]
