"""The standard pages of a public service (privacy, accessibility, terms, contact) and the
feedback form the phase banner links to, with the staff page that reads it."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coproduce.organisations.models import Organisation
from coproduce.ui.typing import AuthenticatedRequest
from coproduce.web.forms import FeedbackForm
from coproduce.web.selectors import feedback_for_user, feedback_one_for_user
from coproduce.web.services import feedback_mark_read, feedback_page, feedback_submit


def _operator() -> dict[str, Any]:
    return {
        "operator": settings.SITE_OPERATOR or _("the council that runs this site"),
        "contact_email": settings.SITE_CONTACT_EMAIL,
        "contact_phone": settings.SITE_CONTACT_PHONE,
        "contact_address": settings.SITE_CONTACT_ADDRESS,
    }


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "web/privacy.html", _operator())


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "web/accessibility.html", _operator())


def terms(request: HttpRequest) -> HttpResponse:
    return render(request, "web/terms.html", _operator())


def contact(request: HttpRequest) -> HttpResponse:
    organisations = Organisation.objects.exclude(website="").order_by("name")
    return render(request, "web/contact.html", {**_operator(), "organisations": organisations})


def feedback(request: HttpRequest) -> HttpResponse:
    posted = request.POST if request.method == "POST" else None
    form = FeedbackForm(posted, initial={"page": feedback_page(request.GET.get("from", ""))})
    if posted is not None and form.is_valid():
        data = form.cleaned_data
        if not form.is_from_a_robot():  # a robot is thanked like anyone, and nothing is kept
            try:
                feedback_submit(
                    text=data["text"], email=data["email"], page=data["page"], person=request.user
                )
            except ValidationError as error:
                form.add_error("text", error)
        if not form.errors:
            back = feedback_page(data["page"])
            query = f"?{urlencode({'from': back})}" if back else ""
            return HttpResponseRedirect(reverse("web:feedback_thanks") + query)
    return render(request, "web/feedback.html", {"form": form})


def feedback_thanks(request: HttpRequest) -> HttpResponse:
    return render(
        request, "web/feedback_thanks.html", {"back": feedback_page(request.GET.get("from", ""))}
    )


@login_required
def feedback_list(request: AuthenticatedRequest) -> HttpResponse:
    unread_only = request.GET.get("show") == "unread"
    found = feedback_for_user(request.user, unread_only=unread_only)
    page = Paginator(found, 50).get_page(request.GET.get("page"))
    return render(request, "web/feedback_list.html", {"page_obj": page, "unread_only": unread_only})


@login_required
@require_POST
def feedback_read(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    item = feedback_one_for_user(request.user, pk)
    feedback_mark_read(feedback=item, actor=request.user)
    messages.success(request, _("Marked as read."))
    return HttpResponseRedirect(reverse("web:feedback_list"))
