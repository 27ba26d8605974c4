"""A person's own API tokens: issue and revoke (under /account/tokens/); the API reference."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from coproduce.api.forms import TokenForm
from coproduce.api.reference import api_reference, api_schemas
from coproduce.api.services import token_issue, token_revoke
from coproduce.ui.input import whole_number_parse
from coproduce.ui.typing import AuthenticatedRequest


@login_required
def tokens(request: AuthenticatedRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    new_token = ""
    if request.method == "POST" and "revoke" in request.POST:
        try:
            token_id = whole_number_parse(request.POST["revoke"], minimum=1)
        except ValueError:
            raise BadRequest(_("Choose one of your tokens to revoke.")) from None
        token_revoke(token_id=token_id, person=request.user)
        messages.success(request, _("The token was revoked."))
        return redirect("tokens:list")
    if request.method == "POST" and form.is_valid():
        new_token = token_issue(person=request.user, name=form.cleaned_data["name"])
        form = TokenForm()
    live = request.user.api_tokens.filter(revoked_at=None).order_by("-created_at")
    return render(
        request, "api/tokens.html", {"form": form, "tokens": live, "new_token": new_token}
    )


def reference(request: HttpRequest) -> HttpResponse:
    """``/api/docs``: the API reference as an accessible page, from the OpenAPI document."""
    from coproduce.api.api import api

    document = api.get_openapi_schema()
    context = {
        "sections": api_reference(document),
        "schemas": api_schemas(document),
        "title": document["info"]["title"],
        "version": document["info"]["version"],
        "description": document["info"].get("description", ""),
    }
    return render(request, "api/reference.html", context)
