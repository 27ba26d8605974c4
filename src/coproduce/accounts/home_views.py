"""A person's own home: "Your activity", the notification centre, follow buttons and the
one-click unsubscribe page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from coproduce.accounts.activity import activity_of
from coproduce.accounts.following import follow_start, follow_stop, followable_for
from coproduce.accounts.notifications import (
    notifications_latest,
    notifications_mark_read,
    notifications_unsubscribe,
    unsubscribe_person,
)
from coproduce.ui.input import whole_number_parse
from coproduce.ui.typing import AuthenticatedRequest


@never_cache
@login_required
def activity(request: AuthenticatedRequest) -> HttpResponse:
    return render(request, "accounts/activity.html", {"sections": activity_of(request.user)})


@never_cache
@login_required
def notifications(request: AuthenticatedRequest) -> HttpResponse:
    rows = notifications_latest(request.user)
    return render(request, "accounts/notifications.html", {"notifications": rows})


@never_cache
@login_required
def notifications_count(request: AuthenticatedRequest) -> HttpResponse:
    """The header's figure alone, which HTMX fetches again when the window regains focus
    (at most once a minute): pages render it fresh on every navigation anyway."""
    return render(request, "accounts/includes/unread.html")


@login_required
@require_POST
def notifications_read(request: AuthenticatedRequest) -> HttpResponse:
    raw = request.POST.get("notification", "")
    try:
        pk = whole_number_parse(raw) if raw else None
    except ValueError:
        raise Http404 from None
    notifications_mark_read(person=request.user, pk=pk)
    if pk is None:
        messages.success(request, _("All your notifications are marked as read."))
    return redirect("accounts:notifications")


def _back(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next", "")
    # A path on this site only (``redirect`` would read any other word as a view's name).
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@login_required
@require_POST
def follow(request: AuthenticatedRequest, kind: str, pk: int) -> HttpResponse:
    """Follow or stop following (``follow`` = 1 or 0) something the person can see."""
    followable = followable_for(kind)
    target = followable.find(request.user, pk) if followable else None
    if followable is None or target is None:
        raise Http404
    if request.POST.get("follow") == "1":
        follow_start(person=request.user, target=target)
        messages.success(
            request,
            _("You follow this %(kind)s: we will tell you when it moves on.")
            % {"kind": followable.label},
        )
    else:
        follow_stop(person=request.user, target=target)
        messages.success(
            request, _("You no longer follow this %(kind)s.") % {"kind": followable.label}
        )
    fallback = getattr(target, "get_absolute_url", lambda: "/")()
    return HttpResponseRedirect(_back(request, fallback))


# One-click unsubscribe (RFC 8058): a mail client POSTs to the link without a session or a
# CSRF token; the signed token is the authority.
@csrf_exempt
@never_cache
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    person = unsubscribe_person(token)
    if person is None:
        return render(request, "accounts/unsubscribe.html", {"invalid": True}, status=400)
    if request.method == "POST":
        notifications_unsubscribe(person=person)
        return render(request, "accounts/unsubscribe.html", {"done": True})
    return render(request, "accounts/unsubscribe.html", {"person": person})
