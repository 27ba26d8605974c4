"""Staff pages for a meeting (second factor: the permission layer asks for it): set it up,
see who registered and what they need, take attendance, run quick polls, publish minutes."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coproduce.design.meeting_forms import (
    AttendanceForm,
    MeetingActivityForm,
    MeetingForm,
    MinutesForm,
    PollForm,
)
from coproduce.design.models import Meeting, MeetingMinutes, MeetingPoll
from coproduce.design.selectors.meetings import (
    meeting_for_staff,
    needs_summary,
    output_choices,
    poll_results,
    polls_of,
    registrations_listed,
)
from coproduce.design.services.meeting_polls import poll_close, poll_hands_set, poll_open
from coproduce.design.services.meetings import (
    attendance_record,
    meeting_activity_create,
    meeting_set_up,
    minutes_publish,
)
from coproduce.design.views.meetings import poll_figure
from coproduce.initiatives.models import Initiative
from coproduce.organisations.permissions import Action, can
from coproduce.ui.forms import add_service_errors
from coproduce.ui.input import whole_number_parse
from coproduce.ui.typing import AuthenticatedRequest


@login_required
def staff_meeting_new(request: AuthenticatedRequest) -> HttpResponse:
    """Add a meeting activity ("Add an activity → Workshop or meeting" sends staff here with
    ``?initiative=``, ``title`` and ``description``)."""
    initiative = get_object_or_404(
        Initiative.objects.select_related("organisation"),
        slug=request.GET.get("initiative", ""),
    )
    if not can(request.user, Action.MANAGE_INITIATIVES, initiative.organisation):
        raise PermissionDenied
    initial = {
        "title": request.GET.get("title", ""),
        "description": request.GET.get("description", ""),
        "mode": "in_person",
        "capacity": 30,
    }
    form = MeetingActivityForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = meeting_activity_create(
                actor=request.user, initiative=initiative, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The meeting is set up: people can register."))
            return redirect("design_staff:meeting", activity_pk=meeting.activity_id)
    context = {"initiative": initiative, "form": form}
    status = 400 if form.errors else 200
    return render(request, "design/meeting_new.html", context, status=status)


def _initial(meeting: Meeting | None) -> dict[str, Any]:
    if meeting is None:
        return {"mode": "in_person", "capacity": 30}
    keys = ("mode", "venue", "place", "latitude", "longitude", "online_url", "agenda")
    initial: dict[str, Any] = {key: getattr(meeting, key) for key in keys}
    initial.update(
        {"starts_at": meeting.starts_at, "ends_at": meeting.ends_at, "capacity": meeting.capacity}
    )
    return initial


def _attendance_form(meeting: Meeting, data: Any = None) -> AttendanceForm:
    choices = [
        (str(r.pk), r.person.display_name or r.person.email if r.person else _("(erased)"))
        for r in registrations_listed(meeting)
        if r.attended_at is None
    ]
    return AttendanceForm(data, choices=choices)


def _staff_page(
    request: AuthenticatedRequest,
    activity_pk: int,
    *,
    form: MeetingForm | None = None,
    attendance: AttendanceForm | None = None,
    poll_form: PollForm | None = None,
) -> HttpResponse:
    activity, meeting = meeting_for_staff(request.user, activity_pk)
    context: dict[str, Any] = {
        "activity": activity,
        "meeting": meeting,
        "form": form or MeetingForm(initial=_initial(meeting)),
    }
    if meeting is not None:
        context.update(
            {
                "registrations": registrations_listed(meeting),
                "needs": needs_summary(meeting),
                "walk_ins": list(meeting.walk_ins.all()),
                "attendance": attendance or _attendance_form(meeting),
                "poll_form": poll_form or PollForm(),
                "polls": [
                    (poll, results, poll_figure(poll, results))
                    for poll in polls_of(meeting)
                    for results in [poll_results(poll)]
                ],
            }
        )
    failed = any(f is not None and f.errors for f in (form, attendance, poll_form))
    return render(request, "design/meeting_staff.html", context, status=400 if failed else 200)


@login_required
def staff_meeting(request: AuthenticatedRequest, activity_pk: int) -> HttpResponse:
    activity, _meeting = meeting_for_staff(request.user, activity_pk)
    if request.method != "POST":
        return _staff_page(request, activity_pk)
    form = MeetingForm(request.POST)
    if form.is_valid():
        try:
            meeting_set_up(activity=activity, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The meeting is saved."))
            return redirect("design_staff:meeting", activity_pk=activity.pk)
    return _staff_page(request, activity_pk, form=form)


def _set_up(request: AuthenticatedRequest, activity_pk: int) -> Meeting:
    _activity, meeting = meeting_for_staff(request.user, activity_pk)
    if meeting is None:
        raise BadRequest(_("Set up the meeting first."))
    return meeting


@login_required
@require_POST
def staff_meeting_attendance(request: AuthenticatedRequest, activity_pk: int) -> HttpResponse:
    meeting = _set_up(request, activity_pk)
    form = _attendance_form(meeting, request.POST)
    if form.is_valid():
        try:
            recorded = attendance_record(
                meeting=meeting,
                actor=request.user,
                present=[int(pk) for pk in form.cleaned_data["present"]],
                walk_ins=form.cleaned_data["walk_ins"].splitlines(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Attendance saved: %(n)s more people recorded.") % {"n": recorded}
            )
            return redirect("design_staff:meeting", activity_pk=activity_pk)
    return _staff_page(request, activity_pk, attendance=form)


@login_required
def staff_meeting_minutes(request: AuthenticatedRequest, activity_pk: int) -> HttpResponse:
    activity, meeting = meeting_for_staff(request.user, activity_pk)
    if meeting is None:
        return redirect("design_staff:meeting", activity_pk=activity.pk)
    choices = output_choices(meeting)
    try:
        minutes: MeetingMinutes | None = meeting.minutes
    except MeetingMinutes.DoesNotExist:
        minutes = None
    form = MinutesForm(
        request.POST if request.method == "POST" else None,
        initial={"text": minutes.text if minutes else ""},
        choices=[(key, choice.label) for key, choice in choices.items()],
    )
    if request.method == "POST" and form.is_valid():
        try:
            minutes_publish(meeting=meeting, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The minutes are published on the meeting's page."))
            return redirect("design:meeting", activity_pk=activity.pk)
    context = {"activity": activity, "meeting": meeting, "form": form}
    status = 400 if form.errors else 200
    return render(request, "design/meeting_minutes_form.html", context, status=status)


@login_required
@require_POST
def staff_meeting_poll_new(request: AuthenticatedRequest, activity_pk: int) -> HttpResponse:
    meeting = _set_up(request, activity_pk)
    form = PollForm(request.POST)
    if form.is_valid():
        try:
            poll_open(
                meeting=meeting,
                actor=request.user,
                question=form.cleaned_data["question"],
                options=form.cleaned_data["options"].splitlines(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The poll is open: people can vote on their phones."))
            return redirect("design_staff:meeting", activity_pk=activity_pk)
    return _staff_page(request, activity_pk, poll_form=form)


def _poll(request: AuthenticatedRequest, activity_pk: int, poll_pk: int) -> MeetingPoll:
    meeting = _set_up(request, activity_pk)
    poll = get_object_or_404(MeetingPoll, meeting=meeting, pk=poll_pk)
    poll.meeting = meeting
    return poll


@login_required
@require_POST
def staff_meeting_poll_hands(
    request: AuthenticatedRequest, activity_pk: int, poll_pk: int
) -> HttpResponse:
    poll = _poll(request, activity_pk, poll_pk)
    try:
        hands = {
            option.pk: whole_number_parse(request.POST.get(f"hands-{option.pk}", "") or "0")
            for option in poll.options.all()
        }
        poll_hands_set(poll=poll, actor=request.user, hands=hands)
    except ValueError:
        messages.error(request, _("Give each count as a whole number."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The hands are counted in the results."))
    return redirect("design_staff:meeting", activity_pk=activity_pk)


@login_required
@require_POST
def staff_meeting_poll_close(
    request: AuthenticatedRequest, activity_pk: int, poll_pk: int
) -> HttpResponse:
    poll = _poll(request, activity_pk, poll_pk)
    try:
        poll_close(poll=poll, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The poll is closed."))
    return redirect("design_staff:meeting", activity_pk=activity_pk)
