"""A meeting's public pages: where and when, registering (with access needs) or joining the
waiting list, giving up a seat, the calendar invitation and feeds, quick polls and the
minutes with what the meeting produced. Access needs are never shown here."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coproduce.design.instruments import MEETING_REGISTER
from coproduce.design.meeting_calendar import calendar_ics
from coproduce.design.meeting_forms import RegistrationForm
from coproduce.design.models import Meeting, MeetingMinutes, MeetingPoll, RegistrationStatus
from coproduce.design.selectors.meetings import (
    PollResult,
    meeting_for_user,
    meetings_of_initiative,
    meetings_of_place,
    poll_results,
    polls_of,
    polls_voted,
    registration_of,
    waiting_position,
)
from coproduce.design.services.meeting_polls import poll_vote
from coproduce.design.services.meetings import meeting_register, meeting_withdraw
from coproduce.initiatives.models import Initiative
from coproduce.initiatives.rules import can as can_take_part
from coproduce.initiatives.selectors import initiatives_for_user, lineage_of
from coproduce.organisations.permissions import Action, can
from coproduce.places.models import Place
from coproduce.ui.figures import bar_chart_svg, figures_table
from coproduce.ui.forms import add_service_errors
from coproduce.ui.input import whole_number_parse
from coproduce.ui.typing import AuthenticatedRequest


def poll_figure(poll: MeetingPoll, results: list[PollResult]) -> SafeString:
    """The poll's results as a bar chart with its table (votes, hands, total)."""
    svg = bar_chart_svg(
        [(r.label, r.total) for r in results],
        title=poll.question,
        description=_("Votes on phones and hands counted in the room, per option."),
    )
    table = figures_table(
        [(r.label, str(r.votes), str(r.hands), str(r.total)) for r in results],
        caption=poll.question,
        headers=(_("Option"), _("Votes on phones"), _("Hands up"), _("Total")),
    )
    return format_html("{}{}", SafeString(svg), SafeString(table))


def _minutes(meeting: Meeting) -> MeetingMinutes | None:
    try:
        return meeting.minutes
    except MeetingMinutes.DoesNotExist:
        return None


def _page(
    request: HttpRequest, activity_pk: int, form: RegistrationForm | None = None
) -> HttpResponse:
    activity, meeting = meeting_for_user(request.user, activity_pk)
    staff = can(request.user, Action.MANAGE_INITIATIVES, activity.stage.initiative.organisation)
    context: dict[str, Any] = {"activity": activity, "meeting": meeting, "staff": staff}
    if meeting is not None:
        registration = registration_of(meeting, request.user)
        voted = polls_voted(meeting, request.user)
        polls = [(poll, poll_results(poll), poll.pk in voted) for poll in polls_of(meeting)]
        now = timezone.now()
        context.update(
            {
                "started": meeting.starts_at <= now,
                "ended": meeting.ends_at <= now,
                "registration": registration,
                "position": (
                    waiting_position(registration)
                    if registration and registration.status == RegistrationStatus.WAITING
                    else None
                ),
                "form": form or RegistrationForm(),
                "can_register": can_take_part(request.user, MEETING_REGISTER, activity),
                "polls": [
                    (poll, results, voted, poll_figure(poll, results))
                    for poll, results, voted in polls
                ],
                "minutes": _minutes(meeting),
                "lineage": lineage_of(meeting),
            }
        )
    status = 400 if form is not None and form.errors else 200
    return render(request, "design/meeting_page.html", context, status=status)


def meeting_page(request: HttpRequest, activity_pk: int) -> HttpResponse:
    return _page(request, activity_pk)


def _meeting_or_404(request: HttpRequest, activity_pk: int) -> Meeting:
    _activity, meeting = meeting_for_user(request.user, activity_pk)
    if meeting is None:
        raise BadRequest(_("This meeting is not set up yet."))
    return meeting


@login_required
@require_POST
def meeting_register_page(request: AuthenticatedRequest, activity_pk: int) -> HttpResponse:
    meeting = _meeting_or_404(request, activity_pk)
    form = RegistrationForm(request.POST)
    if form.is_valid():
        try:
            registration = meeting_register(
                meeting=meeting, person=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if registration.status == RegistrationStatus.REGISTERED:
                messages.success(request, _("You are registered. We look forward to seeing you."))
            else:
                messages.info(
                    request,
                    _(
                        "The meeting is full: you are on the waiting list. We will tell you "
                        "if a seat comes free."
                    ),
                )
            return redirect("design:meeting", activity_pk=activity_pk)
    return _page(request, activity_pk, form)


@login_required
@require_POST
def meeting_withdraw_page(request: AuthenticatedRequest, activity_pk: int) -> HttpResponse:
    meeting = _meeting_or_404(request, activity_pk)
    registration = registration_of(meeting, request.user)
    if registration is None:
        messages.error(request, _("You are not registered for this meeting."))
        return redirect("design:meeting", activity_pk=activity_pk)
    try:
        meeting_withdraw(registration=registration, person=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("You have given up your place. Thank you for telling us."))
    return redirect("design:meeting", activity_pk=activity_pk)


@login_required
@require_POST
def meeting_poll_vote_page(
    request: AuthenticatedRequest, activity_pk: int, poll_pk: int
) -> HttpResponse:
    meeting = _meeting_or_404(request, activity_pk)
    poll = get_object_or_404(MeetingPoll, meeting=meeting, pk=poll_pk)
    poll.meeting = meeting
    try:
        option = whole_number_parse(request.POST.get("option", ""))
    except ValueError:
        option = 0  # the service says "Choose one of the options"
    try:
        poll_vote(poll=poll, person=request.user, option_pk=option)
    except (ValidationError, PermissionDenied) as error:
        text = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        messages.error(request, text)
    else:
        messages.success(request, _("Thank you: your vote is counted."))
    return redirect("design:meeting", activity_pk=activity_pk)


def _ics(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def meeting_invitation(request: HttpRequest, activity_pk: int) -> HttpResponse:
    """The meeting's calendar invitation (``.ics``)."""
    meeting = _meeting_or_404(request, activity_pk)
    return _ics(calendar_ics([meeting], name=meeting.activity.title), f"meeting-{activity_pk}.ics")


def place_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    """The public meetings in a place, as a calendar feed."""
    place = get_object_or_404(Place, slug=slug)
    name = _("Meetings in %(place)s") % {"place": place.name}
    return _ics(calendar_ics(meetings_of_place(place), name=name), f"{slug}.ics")


def initiative_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    """The public meetings of an initiative, as a calendar feed."""
    initiative = get_object_or_404(initiatives_for_user(request.user), slug=slug)
    assert isinstance(initiative, Initiative)
    name = _("Meetings of %(initiative)s") % {"initiative": initiative.title}
    return _ics(calendar_ics(meetings_of_initiative(initiative), name=name), f"{slug}.ics")
