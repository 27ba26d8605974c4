"""Pages for two-way charters: the public list and page (comments, signing, reviews) and
the staff pages that draft them."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coproduce.accounts.models import Person
from coproduce.governance.charter_forms import (
    CharterCommentForm,
    CharterCommitmentForm,
    CharterForm,
    CharterRatingForm,
    CharterTextForm,
    RepresentativeForm,
)
from coproduce.governance.charter_selectors import (
    charter_status,
    charters_listed,
    review_chart,
    review_due,
    review_record,
    sides_for,
    signed_sides,
)
from coproduce.governance.charter_services import (
    charter_comment,
    charter_commitment_add,
    charter_commitment_remove,
    charter_create,
    charter_edit,
    charter_rate,
    charter_sign,
    representative_add,
    representative_remove,
)
from coproduce.governance.models import (
    Charter,
    CharterComment,
    CharterSide,
    CommitmentOwner,
    CommunityKind,
)
from coproduce.initiatives.models import Initiative
from coproduce.organisations.permissions import Action, can, organisations_where
from coproduce.ui.forms import add_service_errors
from coproduce.ui.typing import AuthenticatedRequest


def charter_list(request: HttpRequest) -> HttpResponse:
    charters = list(charters_listed().prefetch_related("signatures"))
    for charter in charters:
        charter.status = charter_status(charter)  # type: ignore[attr-defined]
    return render(request, "governance/charter_list.html", {"charters": charters})


def _charter(pk: int) -> Charter:
    return get_object_or_404(
        Charter.objects.select_related(
            "organisation", "community_group", "community_place", "initiative"
        ).prefetch_related(
            "commitments",
            "signatures",
            Prefetch("comments", CharterComment.objects.select_related("author")),
            "ratings",
        ),
        pk=pk,
    )


def _page(request: HttpRequest, charter: Charter, **forms: Any) -> HttpResponse:
    rows = review_record(charter)
    signed = signed_sides(charter)
    commitments = list(charter.commitments.all())
    context = {
        "charter": charter,
        "status": charter_status(charter),
        "organisation_commitments": [
            c for c in commitments if c.owner == CommitmentOwner.ORGANISATION
        ],
        "community_commitments": [
            c for c in commitments if c.owner == CommitmentOwner.PARTICIPANTS
        ],
        "organisation_signed": CharterSide.ORGANISATION in signed,
        "community_signed": CharterSide.COMMUNITY in signed,
        "signable": not signed or charter.in_force_since is None,
        "my_sides": sides_for(request.user, charter),
        "signed_by_me": request.user.is_authenticated
        and any(s.person_id == request.user.pk for s in charter.signatures.all()),
        "review_due": review_due(charter),
        "reviews": rows,
        "chart": review_chart(charter, rows),
        "can_set_up": can(request.user, Action.UPDATE_COMMITMENTS, charter.organisation),
        "comment_form": forms.get("comment_form") or CharterCommentForm(),
        "rating_form": forms.get("rating_form") or CharterRatingForm(),
        "errors": forms.get("errors", []),
    }
    return render(request, "governance/charter_detail.html", context)


def charter_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, _charter(pk))


@login_required
@require_POST
def charter_comment_new(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    charter = _charter(pk)
    form = CharterCommentForm(request.POST)
    if form.is_valid():
        try:
            charter_comment(charter=charter, person=request.user, text=form.cleaned_data["text"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your comment is on the draft."))
            return redirect(charter)
    return _page(request, charter, comment_form=form)


@login_required
@require_POST
def charter_sign_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    charter = _charter(pk)
    try:
        charter_sign(charter=charter, person=request.user, side=request.POST.get("side", ""))
    except ValidationError as error:
        return _page(request, charter, errors=error.messages)
    messages.success(request, _("You signed the charter."))
    return redirect(charter)


@login_required
@require_POST
def charter_rate_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    charter = _charter(pk)
    form = CharterRatingForm(request.POST)
    if form.is_valid():
        try:
            charter_rate(
                charter=charter,
                person=request.user,
                side=request.POST.get("side", ""),
                rating=form.cleaned_data["rating"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your side's review is published."))
            return redirect(charter)
    return _page(request, charter, rating_form=form)


def _charter_for_staff(request: HttpRequest, pk: int) -> Charter:
    charter = _charter(pk)
    if not can(request.user, Action.UPDATE_COMMITMENTS, charter.organisation):
        raise PermissionDenied
    return charter


def _charter_initial(request: HttpRequest) -> dict[str, Any]:
    """``?initiative=PK`` (from an initiative's page) starts the form for that initiative:
    its organisation and the residents of its place."""
    try:
        pk = int(request.GET.get("initiative", ""))
    except ValueError:
        return {}
    initiative = Initiative.objects.filter(pk=pk).select_related("place").first()
    if initiative is None:
        return {}
    initial: dict[str, Any] = {"initiative": initiative, "organisation": initiative.organisation_id}
    if initiative.place is not None:
        initial |= {"community_kind": CommunityKind.PLACE, "community_place": initiative.place}
    return initial


@login_required
def charter_new(request: AuthenticatedRequest) -> HttpResponse:
    organisations = organisations_where(request.user, Action.UPDATE_COMMITMENTS)
    if not organisations:
        raise PermissionDenied
    form = CharterForm(
        request.POST or None, organisations=organisations, initial=_charter_initial(request)
    )
    if request.method == "POST" and form.is_valid():
        try:
            charter = charter_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Charter drafted. Add both sides' commitments."))
            return redirect("governance:charter_edit", charter.pk)
    return render(request, "governance/charter_new.html", {"form": form})


def _staff_page(request: HttpRequest, charter: Charter, **forms: Any) -> HttpResponse:
    initial = {"title": charter.title, "text": charter.text, "review_months": charter.review_months}
    context = {
        "charter": charter,
        "signed": charter.signatures.exists(),
        "text_form": forms.get("text_form") or CharterTextForm(initial=initial),
        "commitment_form": forms.get("commitment_form") or CharterCommitmentForm(prefix="c"),
        "representative_form": forms.get("representative_form") or RepresentativeForm(prefix="r"),
        "representatives": charter.representatives.select_related("person"),
    }
    return render(request, "governance/charter_edit.html", context)


@login_required
def charter_edit_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    charter = _charter_for_staff(request, pk)
    if request.method != "POST":
        return _staff_page(request, charter)
    form = CharterTextForm(request.POST)
    if form.is_valid():
        try:
            charter_edit(charter=charter, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The draft was saved."))
            return redirect("governance:charter_edit", charter.pk)
    return _staff_page(request, charter, text_form=form)


@login_required
@require_POST
def charter_commitment_new(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    charter = _charter_for_staff(request, pk)
    form = CharterCommitmentForm(request.POST, prefix="c")
    if form.is_valid():
        try:
            charter_commitment_add(charter=charter, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Commitment added."))
            return redirect("governance:charter_edit", charter.pk)
    return _staff_page(request, charter, commitment_form=form)


@login_required
@require_POST
def representative_new(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    charter = _charter_for_staff(request, pk)
    form = RepresentativeForm(request.POST, prefix="r")
    if form.is_valid():
        person = Person.objects.filter(email__iexact=form.cleaned_data["email"]).first()
        if person is None:
            form.add_error("email", _("No account has this email address."))
        else:
            try:
                representative_add(charter=charter, actor=request.user, person=person)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Representative named."))
                return redirect("governance:charter_edit", charter.pk)
    return _staff_page(request, charter, representative_form=form)


@login_required
@require_POST
def charter_commitment_delete(
    request: AuthenticatedRequest, pk: int, commitment: int
) -> HttpResponse:
    charter = _charter_for_staff(request, pk)
    found = get_object_or_404(charter.commitments.all(), pk=commitment)
    try:
        charter_commitment_remove(charter=charter, actor=request.user, commitment=found)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Commitment removed from the draft."))
    return redirect("governance:charter_edit", charter.pk)


@login_required
@require_POST
def representative_delete(request: AuthenticatedRequest, pk: int, person: int) -> HttpResponse:
    charter = _charter_for_staff(request, pk)
    found = get_object_or_404(charter.representatives.select_related("person"), person_id=person)
    representative_remove(charter=charter, actor=request.user, person=found.person)
    messages.success(request, _("Representative removed."))
    return redirect("governance:charter_edit", charter.pk)
