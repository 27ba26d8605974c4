"""``{% comments_panel item %}``: an item's comments, the summary of arguments for and
against, and the form to comment (``discussion/comments.html`` wraps it for an include)."""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models import Model
from django.urls import reverse
from django.utils.translation import gettext as _

from coproduce.discussion.forms import CommentForm
from coproduce.discussion.registry import commentable_for, kind_of
from coproduce.discussion.rules import comment_rules_of, comment_verdict
from coproduce.discussion.selectors import SORTS, arguments_of, thread_of
from coproduce.organisations.permissions import Action, can
from coproduce.ui.input import LONG_TEXT

register = template.Library()


@register.inclusion_tag("discussion/_panel.html", takes_context=True)
def comments_panel(context: dict[str, Any], item: Model) -> dict[str, Any]:
    """The comments of ``item``, as the reader may act on them (nothing for a kind no app
    registered)."""
    registered = commentable_for(kind_of(item))
    if registered is None:
        return {"show": False}
    spec = registered[1]
    request = context["request"]
    user = request.user
    activity = spec.activity(item)
    rules = comment_rules_of(activity)
    thread = thread_of(item)
    sort = request.GET.get("arguments", "recent")
    arguments = arguments_of(thread, sort=sort if sort in SORTS else "recent")
    organisation = spec.organisation_of(item)
    return {
        "show": True,
        "user": user,
        "csrf_token": context.get("csrf_token"),
        "path": request.path,
        "activity": activity,
        "rules": rules,
        "thread": thread,
        "sort": sort if sort in SORTS else "recent",
        "arguments": arguments,
        "columns": [(_("For"), arguments.for_), (_("Against"), arguments.against)],
        "verdict": comment_verdict(user, activity, rules=rules),
        "form": CommentForm(ask_stance=rules.ask_stance),
        "limit": LONG_TEXT,
        "write_url": reverse("discussion:write", args=[kind_of(item), item.pk]),
        "moderator": can(user, Action.MODERATE, organisation),
        "manager": activity is not None and can(user, Action.MANAGE_INITIATIVES, organisation),
    }
