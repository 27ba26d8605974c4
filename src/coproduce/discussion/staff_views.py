"""Staff pages of comments (under /staff/, so the second factor is asked first): the
moderation queue, one comment's moderation, and an activity's comment rules."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from coproduce.discussion.forms import HideForm, RulesForm
from coproduce.discussion.models import Comment
from coproduce.discussion.rules import comment_rules_of, phase_choices
from coproduce.discussion.selectors import moderation_queue_for_user
from coproduce.discussion.services import (
    comment_flags_dismiss,
    comment_hide,
    comment_restore,
    comment_rules_set,
)
from coproduce.initiatives.models import Activity
from coproduce.organisations.permissions import (
    Action,
    can,
    organisations_where,
    sees_everything,
)
from coproduce.ui.forms import add_service_errors
from coproduce.ui.typing import AuthenticatedRequest


def _require_moderator_somewhere(request: AuthenticatedRequest) -> None:
    if not (sees_everything(request.user) or organisations_where(request.user, Action.MODERATE)):
        raise PermissionDenied(_("Only moderators and staff can see the comments to moderate."))


def comment_for_moderator(request: AuthenticatedRequest, pk: int) -> Comment:
    """Return a comment the person may moderate, else PermissionDenied (404 if none)."""
    comment = get_object_or_404(
        Comment.objects.select_related("author", "organisation", "target_type"), pk=pk
    )
    if not can(request.user, Action.MODERATE, comment.organisation):
        raise PermissionDenied(_("Only the organisation's moderators and staff can do this."))
    return comment


@login_required
def moderation_queue(request: AuthenticatedRequest) -> HttpResponse:
    _require_moderator_somewhere(request)
    queue = moderation_queue_for_user(request.user)
    return render(request, "discussion/staff/queue.html", queue)


@login_required
def comment_moderate(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """One comment with its flags; POST ``action``: ``hide`` (with a public reason),
    ``restore`` or ``dismiss`` (keep it, close the flags)."""
    comment = comment_for_moderator(request, pk)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    form = HideForm(request.POST if action == "hide" else None)
    try:
        if action == "hide" and form.is_valid():
            comment_hide(actor=request.user, comment=comment, reason=form.cleaned_data["reason"])
            messages.success(request, _("The comment is hidden; its public reason is shown."))
            return redirect("discussion_staff:queue")
        if action == "restore":
            comment_restore(actor=request.user, comment=comment)
            messages.success(request, _("The comment is shown again."))
            return redirect("discussion_staff:queue")
        if action == "dismiss":
            comment_flags_dismiss(actor=request.user, comment=comment)
            messages.success(request, _("The flags are closed; the comment stays."))
            return redirect("discussion_staff:queue")
    except ValidationError as error:
        add_service_errors(form, error)
    context = {
        "comment": comment,
        "flags": list(comment.flags.order_by("resolved_at", "created_at")),
        "form": form,
    }
    status = 400 if form.errors else 200
    return render(request, "discussion/staff/moderate.html", context, status=status)


@login_required
def comment_rules(request: AuthenticatedRequest, activity_pk: int) -> HttpResponse:
    activity = get_object_or_404(
        Activity.objects.select_related("stage__initiative__organisation"), pk=activity_pk
    )
    if not can(request.user, Action.MANAGE_INITIATIVES, activity.stage.initiative.organisation):
        raise PermissionDenied(_("Only the organisation's staff can set the comment rules."))
    rules = comment_rules_of(activity)
    initial = {"who": rules.who, "ask_stance": rules.ask_stance, "phases": rules.phases}
    posted = request.method == "POST"
    form = RulesForm(
        request.POST if posted else None, initial=initial, phases=phase_choices(activity)
    )
    if posted and form.is_valid():
        try:
            comment_rules_set(actor=request.user, activity=activity, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The comment rules are saved."))
            return redirect("discussion_staff:rules", activity_pk=activity.pk)
    context = {"activity": activity, "form": form}
    return render(
        request, "discussion/staff/rules.html", context, status=400 if form.errors else 200
    )
