"""Public pages for budgeting rounds: proposals, the ballot, receipts and results."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coproduce.commissioning.access import can_manage_round, person_of
from coproduce.commissioning.ballot_rules import (
    BallotContent,
    content_from_points,
    content_from_ranks,
    ranks_check,
)
from coproduce.commissioning.forms import ProposalForm
from coproduce.commissioning.models import (
    BallotFormat,
    BudgetingRound,
    Phase,
    Proposal,
    Receipt,
)
from coproduce.commissioning.money import money
from coproduce.commissioning.rules import offered_choices, rule_spec
from coproduce.commissioning.selectors.results import (
    funded_proposal_ids,
    proposal_reason_text,
    results_for_round,
)
from coproduce.commissioning.selectors.rounds import (
    ballot_of,
    ballot_proposals,
    ballots_opened,
    has_voted,
    proposal_duplicates,
    proposals_public,
    receipt_of,
    round_for_user,
    rounds_for_user,
    voter_status,
)
from coproduce.commissioning.services.ballots import ballot_cast
from coproduce.commissioning.services.rounds import (
    proposal_submit,
    proposal_support,
    round_close_if_due,
)
from coproduce.initiatives.selectors import eligibility_for, lineage_of
from coproduce.places.maps import MapArea, MapPoint, MapView, PinFields, map_view
from coproduce.ui.forms import add_service_errors
from coproduce.ui.input import whole_number_parse

if TYPE_CHECKING:
    from coproduce.accounts.models import Person


def round_list(request: HttpRequest) -> HttpResponse:
    rounds = rounds_for_user(request.user).order_by("-activity__starts_at")
    return render(request, "commissioning/round_list.html", {"rounds": rounds})


def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = round_for_user(request.user, pk)
    round_close_if_due(round_=round_)
    proposals = list(proposals_public(round_))
    areas = list(round_.areas.select_related("place"))
    context: dict[str, Any] = {
        "can_manage": can_manage_round(request.user, round_),
        "map": proposals_map(round_, areas, proposals),
        "round": round_,
        "activity": round_.activity,
        "proposals": proposals,
        "funded": funded_proposal_ids(round_),
        "areas": areas,
        "status": voter_status(request.user, round_),
        "lineage": lineage_of(round_),
        "phases": Phase.choices,
    }
    if has_voted(request.user, round_):
        context["receipt"] = receipt_of(person_of(request), round_)
    return render(request, "commissioning/round_detail.html", context)


def _area_shapes(areas: list[Any]) -> list[MapArea]:
    return [
        MapArea(a.name, a.place.boundary, a.place.get_absolute_url())
        for a in areas
        if a.place and a.place.boundary
    ]


def proposals_map(
    round_: BudgetingRound, areas: list[Any], proposals: list[Proposal]
) -> MapView | None:
    """Return the map of the round's districts with the proposals that gave a location."""
    shapes = _area_shapes(areas)
    points = [
        MapPoint(p.longitude, p.latitude, p.title, p.get_absolute_url())
        for p in proposals
        if p.longitude is not None and p.latitude is not None
    ]
    if not points:
        return None
    return map_view(
        title=_("Where the proposals are in %(round)s") % {"round": round_},
        description=_("Districts: %(areas)s. Proposals: %(titles)s.")
        % {
            "areas": ", ".join(s.name for s in shapes),
            "titles": ", ".join(p.label for p in points),
        },
        areas=shapes,
        points=points,
    )


def proposal_pin_map(round_: BudgetingRound) -> MapView | None:
    """Return the proposal form's map: a pin to drag that fills the latitude and longitude."""
    shapes = _area_shapes(list(round_.areas.select_related("place")))
    return map_view(
        title=_("Map for placing the proposal"),
        description=_("The round's districts. Type the latitude and longitude, or use the map."),
        areas=shapes,
        pin=PinFields(lat="id_latitude", lon="id_longitude"),
    )


def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_object_or_404(
        Proposal.objects.select_related(
            "round__activity", "area", "author", "group", "merged_into"
        ),
        pk=pk,
    )
    round_for_user(request.user, proposal.round_id)
    result = getattr(proposal, "result", None) if proposal.round.is_closed else None
    context = {
        "proposal": proposal,
        "round": proposal.round,
        "supporters": proposal.supports.count(),
        "lineage": lineage_of(proposal),
        "result": result,
        "why": proposal_reason_text(result, proposal.round.currency) if result else "",
    }
    return render(request, "commissioning/proposal_detail.html", context)


@login_required
@require_POST
def proposal_support_view(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_object_or_404(Proposal.objects.select_related("round__activity"), pk=pk)
    round_for_user(request.user, proposal.round_id)
    try:
        added = proposal_support(proposal=proposal, person=person_of(request))
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, _message(error))
    else:
        messages.success(
            request, _("Thank you for your support.") if added else _("You already support this.")
        )
    return redirect(proposal)


def _message(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or _("You cannot do that.")


@login_required
def proposal_new(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = round_for_user(request.user, pk)
    eligibility = eligibility_for(request.user, round_.activity, on=_today())
    form = ProposalForm(
        request.POST or None, request.FILES or None, round_=round_, person=request.user
    )
    duplicates = (
        proposal_duplicates(round_, request.POST.get("title", ""))
        if request.method == "POST"
        else []
    )
    checking = request.POST.get("action") == "check"
    if request.method == "POST" and not checking and form.is_valid():
        data = form.cleaned_data
        try:
            proposal = proposal_submit(
                round_=round_,
                author=person_of(request),
                title=data["title"],
                description=data["description"],
                estimated_cost=data["estimated_cost"],
                area=data["area"],
                category=data["category"],
                latitude=data["latitude"],
                longitude=data["longitude"],
                image=data["image"],
                group=data.get("group"),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, _message(error))
        else:
            messages.success(
                request, _("Thank you: your proposal will be checked for feasibility.")
            )
            return redirect(proposal)
    context = {
        "round": round_,
        "form": form,
        "duplicates": duplicates,
        "eligibility": eligibility,
        "checking": checking,
        "pin_map": proposal_pin_map(round_),
    }
    return render(request, "commissioning/proposal_form.html", context)


def proposal_duplicates_partial(request: HttpRequest, pk: int) -> HttpResponse:
    """HTMX: proposals like the title being typed."""
    round_ = round_for_user(request.user, pk)
    duplicates = proposal_duplicates(round_, request.GET.get("title", ""))
    return render(request, "commissioning/includes/duplicates.html", {"duplicates": duplicates})


def _today() -> Any:
    from django.utils import timezone

    return timezone.localdate()


def _int(value: str) -> int:
    if not value.strip():
        return 0
    try:
        return whole_number_parse(value)
    except ValueError:
        raise ValidationError(_("Use whole numbers only.")) from None


def _numbered(post: Any, prefix: str, ids: Iterable[int] | None) -> dict[int, int]:
    """Read the ``prefix-<proposal id>`` fields: those of ``ids``, or every one posted."""
    if ids is None:
        field = re.compile(rf"{re.escape(prefix)}([0-9]{{1,18}})")
        ids = [int(m.group(1)) for m in map(field.fullmatch, post) if m]
    return {pid: _int(post.get(f"{prefix}{pid}", "")) for pid in ids}


def content_from_post(
    round_: BudgetingRound, post: Any, ids: Iterable[int] | None = None
) -> BallotContent:
    """Read the ballot form (checkboxes, points or ranks) into ballot content.

    ``ids`` are the proposals on the voter's ballot; without them the fields posted are read,
    and the service's check of the ballot refuses any proposal not on it.
    """
    if round_.ballot_format in (BallotFormat.APPROVAL, BallotFormat.KNAPSACK):
        try:
            chosen = sorted({int(v) for v in post.getlist("choice")})
        except ValueError:
            raise ValidationError(_("Choose only projects on this ballot.")) from None
        return BallotContent(tuple(chosen))
    if round_.ballot_format == BallotFormat.CUMULATIVE:
        return content_from_points(_numbered(post, "points-", ids))
    given = {pid: r for pid, r in _numbered(post, "rank-", ids).items() if r}
    ranks_check(list(given.values()))
    return content_from_ranks(given)


@login_required
def ballot(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = round_for_user(request.user, pk)
    if request.method != "POST":
        return _ballot_page(request, round_)
    # Casting reads nothing first: the service checks eligibility and the ballot once.
    content = None
    try:
        content = content_from_post(round_, request.POST)
        if request.POST.get("action") != "check":
            person = person_of(request)
            result = ballot_cast(round_=round_, person=person, content=content)
            return redirect(_receipt_url(round_, person, replaced=result.replaced))
    except ValidationError as problem:
        return _ballot_page(request, round_, content, error=" ".join(problem.messages))
    except PermissionDenied as problem:
        return _ballot_page(request, round_, content, error=_message(problem))
    return _ballot_page(request, round_, content)


def _ballot_page(
    request: HttpRequest,
    round_: BudgetingRound,
    content: BallotContent | None = None,
    *,
    error: str = "",
) -> HttpResponse:
    """The ballot form with ``content`` (default: the voter's own ballot), or why it is closed."""
    status = voter_status(request.user, round_)
    if status.area is None:
        return render(
            request,
            "commissioning/ballot_closed.html",
            {"round": round_, "status": status},
            status=403,
        )
    proposals = ballot_proposals(status.area)
    mine = ballot_of(person_of(request), round_)
    if content is None:
        content = BallotContent(())
        if mine is not None and mine.area_id == status.area.pk:
            content = mine.content
    chosen_cost = sum(p.cost for p in proposals if p.pk in content.choices)
    context = {
        "round": round_,
        "area": status.area,
        "proposals": proposals,
        "content": content,
        "chosen": set(content.choices),
        "points": dict(zip(content.choices, content.points or (), strict=False)),
        "ranks": {pid: i for i, pid in enumerate(content.choices, start=1)}
        if round_.ballot_format == BallotFormat.RANKED
        else {},
        "rank_options": range(1, (round_.max_choices or len(proposals)) + 1),
        "error": error,
        "spent": chosen_cost,
        "spent_text": money(chosen_cost),
        "left_text": money(max(status.area.budget - chosen_cost, 0)),
        "over": chosen_cost > status.area.budget,
        "percent": min(100, round(100 * chosen_cost / status.area.budget))
        if status.area.budget
        else 0,
        "budget_text": money(status.area.budget),
        "voted": mine is not None,
    }
    return render(request, "commissioning/ballot.html", context, status=400 if error else 200)


# How long the link to the receipt page works after casting a ballot.
RECEIPT_LINK_AGE = 24 * 60 * 60


def _receipt_salt(round_: BudgetingRound, person: Person) -> str:
    return f"coproduce.commissioning.receipt:{round_.pk}:{person.pk}"


def _receipt_url(round_: BudgetingRound, person: Person, *, replaced: bool) -> str:
    """Return the receipt page's address for the voter who has just cast their ballot.

    It carries, signed for this voter and round, only whether the ballot replaced an earlier
    one: not the receipt code (the page works it out again with the key), and nothing is
    written to the session, so casting a ballot writes only the envelope and the ledger row.
    """
    token = signing.dumps(int(replaced), salt=_receipt_salt(round_, person))
    return f"{reverse('commissioning:receipt', args=[round_.pk])}?{urlencode({'cast': token})}"


@login_required
def receipt(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = round_for_user(request.user, pk)
    person = person_of(request)
    try:
        replaced = bool(
            signing.loads(
                request.GET.get("cast", ""),
                salt=_receipt_salt(round_, person),
                max_age=RECEIPT_LINK_AGE,
            )
        )
    except signing.BadSignature:
        return redirect(round_)
    code = receipt_of(person, round_)
    return render(
        request, "commissioning/receipt.html", {"round": round_, "code": code, "replaced": replaced}
    )


def receipts(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = round_for_user(request.user, pk)
    if not ballots_opened(round_):
        return render(request, "commissioning/not_yet.html", {"round": round_})
    query = "".join(ch for ch in request.GET.get("code", "").upper() if ch.isalnum())
    found = Receipt.objects.filter(round=round_, code=query).exists() if query else None
    codes = Receipt.objects.filter(round=round_).values_list("code", flat=True)
    return render(
        request,
        "commissioning/receipts.html",
        {"round": round_, "codes": codes, "query": query, "found": found},
    )


def results(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = round_for_user(request.user, pk)
    if not round_.is_closed:
        return render(request, "commissioning/not_yet.html", {"round": round_})
    context = {"round": round_, **results_for_round(round_)}
    return render(request, "commissioning/results.html", context)


def progress(request: HttpRequest, pk: int) -> HttpResponse:
    """HTMX: the counting progress (the page itself refreshes without JavaScript)."""
    round_ = round_for_user(request.user, pk)
    return render(request, "commissioning/includes/progress.html", {"round": round_})


def counting(request: HttpRequest) -> HttpResponse:
    """How each counting rule staff may choose picks the winners, in plain words."""
    rules = [
        {"value": value, "label": label, "spec": rule_spec(value)}
        for value, label in offered_choices()
    ]
    return render(request, "commissioning/counting.html", {"rules": rules})
