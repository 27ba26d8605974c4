"""Public pages of comments: write (or reply), edit, delete, flag, and the earlier versions.

Every page works without JavaScript: plain forms, a redirect after each write (to the
comment's anchor on its target's page), and the text kept when it is refused.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _

from coproduce.discussion.forms import CommentForm, FlagForm
from coproduce.discussion.models import Comment
from coproduce.discussion.registry import CommentableSpec
from coproduce.discussion.rules import comment_rules_of, comment_verdict
from coproduce.discussion.selectors import comment_for_user, commentable_for_user, comments_of
from coproduce.discussion.services import (
    comment_delete,
    comment_edit,
    comment_flag,
    comment_post,
)
from coproduce.ui.forms import add_service_errors
from coproduce.ui.typing import AuthenticatedRequest


def _at(spec: CommentableSpec, target: Model, comment: Comment | None = None) -> str:
    url = spec.url_of(target)
    return f"{url}#{comment.anchor}" if comment is not None else f"{url}#comments"


def _refusal(error: ValidationError | PermissionDenied) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or _("You cannot do that.")


def _reply_target(target: Model, raw: str) -> Comment | None:
    raw = raw.strip()
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 18:
        return None
    return comments_of(target).filter(pk=int(raw)).first()


def comment_write_page(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """GET: the form to comment on (or reply within) a target; POST: write it, then go back
    to it on the target's page. Refused text is shown again with the reason."""
    target, spec = commentable_for_user(request.user, kind, pk)
    activity = spec.activity(target)
    rules = comment_rules_of(activity)
    posted = request.method == "POST"
    source = request.POST if posted else request.GET
    parent = _reply_target(target, source.get("reply_to", ""))
    form = CommentForm(
        request.POST if posted else None,
        ask_stance=rules.ask_stance and parent is None,
        initial={"reply_to": parent.pk if parent else None},
    )
    verdict = comment_verdict(request.user, activity, rules=rules)
    if posted and verdict.ok and form.is_valid():
        try:
            comment = comment_post(
                person=request.user,
                target=target,
                body=form.cleaned_data["body"],
                stance=form.cleaned_data.get("stance", ""),
                parent=parent,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your comment is published."))
            return HttpResponseRedirect(_at(spec, target, comment))
    if posted and not verdict.ok:
        form.add_error(None, verdict.reason)
    context = {
        "target": target,
        "spec": spec,
        "form": form,
        "parent": parent,
        "verdict": verdict,
        "back": _at(spec, target, parent),
        "kind": kind,
    }
    return render(request, "discussion/write.html", context, status=400 if form.errors else 200)


def comment_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A comment's own address: its place on its target's page."""
    comment, target, spec = comment_for_user(request.user, pk)
    return HttpResponseRedirect(_at(spec, target, comment))


def comment_history_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The earlier versions of an edited comment (none once it is deleted or hidden)."""
    comment, target, spec = comment_for_user(request.user, pk)
    revisions = list(comment.revisions.all()) if comment.is_shown else []
    context = {
        "comment": comment,
        "target": target,
        "spec": spec,
        "revisions": revisions,
        "back": _at(spec, target, comment),
    }
    return render(request, "discussion/history.html", context)


@login_required
def comment_edit_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    comment, target, spec = comment_for_user(request.user, pk)
    if comment.author_id != request.user.pk:
        raise PermissionDenied(_("Only its author can change a comment."))
    rules = comment_rules_of(spec.activity(target))
    ask = rules.ask_stance and comment.parent_id is None
    posted = request.method == "POST"
    initial = {"body": comment.body, "stance": comment.stance}
    form = CommentForm(request.POST if posted else None, ask_stance=ask, initial=initial)
    if posted and form.is_valid():
        try:
            comment_edit(
                person=request.user,
                comment=comment,
                body=form.cleaned_data["body"],
                stance=form.cleaned_data.get("stance"),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your comment is changed; the earlier text is kept."))
            return HttpResponseRedirect(_at(spec, target, comment))
    context = {
        "comment": comment,
        "target": target,
        "form": form,
        "back": _at(spec, target, comment),
    }
    return render(request, "discussion/edit.html", context, status=400 if form.errors else 200)


@login_required
def comment_delete_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    comment, target, spec = comment_for_user(request.user, pk)
    if comment.author_id != request.user.pk:
        raise PermissionDenied(_("Only its author can change a comment."))
    if request.method == "POST":
        try:
            comment_delete(person=request.user, comment=comment)
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, _refusal(error))
        else:
            messages.success(request, _("Your comment is deleted."))
        return HttpResponseRedirect(_at(spec, target, comment))
    context = {"comment": comment, "target": target, "back": _at(spec, target, comment)}
    return render(request, "discussion/delete.html", context)


@login_required
def comment_flag_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    comment, target, spec = comment_for_user(request.user, pk)
    posted = request.method == "POST"
    form = FlagForm(request.POST if posted else None)
    if posted and form.is_valid():
        try:
            comment_flag(
                person=request.user,
                comment=comment,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Thank you: a moderator will look at this comment."))
            return HttpResponseRedirect(_at(spec, target, comment))
    context = {
        "comment": comment,
        "target": target,
        "form": form,
        "back": _at(spec, target, comment),
    }
    return render(request, "discussion/flag.html", context, status=400 if form.errors else 200)
