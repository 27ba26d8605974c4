"""Staff pages for rounds: settings, phases, review, merging, codes, paper entry, results."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from coproduce.commissioning.access import person_of, round_for_staff
from coproduce.commissioning.forms import (
    CodesForm,
    ImportForm,
    MergeForm,
    PhaseForm,
    RecountForm,
    ReviewForm,
    RoundSettingsForm,
)
from coproduce.commissioning.instruments import PRIORITY_SETTING
from coproduce.commissioning.models import BallotArea, BudgetingRound, Phase, Proposal
from coproduce.commissioning.money import amount_text
from coproduce.commissioning.selectors.results import is_published
from coproduce.commissioning.selectors.rounds import ballot_proposals, paper_enterers
from coproduce.commissioning.services.ballots import paper_entry_record, voter_codes_issue
from coproduce.commissioning.services.exchange import round_export_pabulib, round_import_pabulib
from coproduce.commissioning.services.results import round_recount, winners_publish
from coproduce.commissioning.services.round_setup import AreaSpec, round_configure
from coproduce.commissioning.services.rounds import (
    proposal_merge,
    proposal_review,
    round_close_if_due,
    round_phase_set,
)
from coproduce.commissioning.views.rounds import _message, content_from_post
from coproduce.commissioning.views.staff_wizard import step_fields
from coproduce.commissioning.wizard import BudgetStep
from coproduce.initiatives.clock import DURING
from coproduce.initiatives.models import Activity, Initiative
from coproduce.organisations.permissions import Action, organisations_where
from coproduce.ui.forms import add_service_errors


def _settings_initial(round_: BudgetingRound) -> dict[str, Any]:
    fields = ("ballot_format", "min_choices", "max_choices", "points", "rule")
    return {
        **{name: getattr(round_, name) for name in fields},
        "allow_changes": round_.allow_changes,
        "voter_codes": round_.voter_codes,
        "min_age": round_.activity.min_age,
    }


def _locked_hint(round_: BudgetingRound) -> str:
    """Return why the locked settings cannot change, or "" while they still can."""
    if not round_.is_locked:
        return ""
    voting = next((s for s in round_.moment.schedule if s.key == Phase.VOTING), None)
    if voting is None:
        return _("Locked since voting opened.")
    opened = date_format(timezone.localtime(voting.starts_at), "DATE_FORMAT")
    return _("Locked since voting opened on %(date)s.") % {"date": opened}


def _budget_locked_hint(round_: BudgetingRound) -> str:
    """Return why the budget and districts cannot change, or "" while they still can."""
    if not round_.budget_locked:
        return ""
    opened = date_format(timezone.localtime(round_.activity.starts_at), "DATE_FORMAT")
    return _(
        "Locked since proposals opened on %(date)s: residents propose against this budget."
    ) % {"date": opened}


def _budget_form(round_: BudgetingRound, data: Any = None) -> BudgetStep:
    areas = list(round_.areas.all())
    districts = [a for a in areas if a.place_id is not None]
    initial: dict[str, Any] = {
        "currency": round_.currency,
        "total_budget": amount_text(round_.total_budget),
        "split": "districts" if districts else "city",
        **{f"district_{a.place_id}": amount_text(a.budget) for a in districts},
    }
    return BudgetStep(
        data,
        initial=initial,
        answers={},
        initiatives=Initiative.objects.none(),
        place=round_.activity.stage.initiative.place,
    )


def _manage_refused(request: HttpRequest, round_: BudgetingRound, **form: Any) -> HttpResponse:
    """The round's staff page again, with the refused form showing its errors (400)."""
    return render(
        request,
        "commissioning/staff/round_manage.html",
        _manage_context(round_, **form),
        status=400,
    )


def _manage_context(round_: BudgetingRound, **extra: Any) -> dict[str, Any]:
    published = round_.is_closed and is_published(round_)
    budget_hint = _budget_locked_hint(round_)
    context: dict[str, Any] = {
        "round": round_,
        "budget_hint": budget_hint,
        "budget_form": None if budget_hint else _budget_form(round_),
        "budget_fields": None,
        "proposals": round_.proposals.select_related("area", "author").order_by("status", "title"),
        "areas": list(round_.areas.all()),
        "settings_form": RoundSettingsForm(
            initial=_settings_initial(round_),
            current_rule=round_.rule,
            locked_hint=_locked_hint(round_),
        ),
        "phase_form": _phase_form(round_),
        "merge_form": MergeForm(round_=round_),
        "codes_form": CodesForm(round_=round_),
        "published": published,
        "recount_form": RecountForm(published=published),
    }
    context.update(extra)
    if context["budget_form"] is not None:
        context["budget_fields"], context["budget_districts"] = step_fields(context["budget_form"])
    return context


@login_required
def round_list(request: HttpRequest) -> HttpResponse:
    organisations = organisations_where(request.user, Action.MANAGE_BUDGETS)
    entering = organisations_where(request.user, Action.ENTER_ASSISTED)
    if not organisations and not entering:
        raise PermissionDenied
    rounds = BudgetingRound.objects.filter(
        activity__stage__initiative__organisation__in=[*organisations, *entering]
    ).select_related("activity__stage__initiative")
    priorities = Activity.objects.filter(
        kind=PRIORITY_SETTING, stage__initiative__organisation__in=organisations
    ).select_related("priority_exercise")
    context = {
        "rounds": rounds,
        "can_import": bool(organisations),
        "priorities": priorities,
        "can_see_plans": bool(organisations_where(request.user, Action.VIEW_PERSONAL_BUDGETS)),
    }
    return render(request, "commissioning/staff/round_list.html", context)


@login_required
def round_manage(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = round_for_staff(request.user, pk)
    round_close_if_due(round_=round_)
    return render(request, "commissioning/staff/round_manage.html", _manage_context(round_))


@login_required
@require_POST
def round_settings(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = round_for_staff(request.user, pk)
    form = RoundSettingsForm(
        request.POST,
        initial=_settings_initial(round_),
        current_rule=round_.rule,
        locked_hint=_locked_hint(round_),
    )
    if form.is_valid():
        values = dict(form.cleaned_data)
        min_age = values.pop("min_age")
        try:
            round_configure(
                round_=round_,
                actor=person_of(request),
                activity_values={"min_age": min_age},
                **values,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The round's settings were saved."))
            return redirect("commissioning_staff:round", pk=round_.pk)
    return _manage_refused(request, round_, settings_form=form)


@login_required
@require_POST
def round_budget(request: HttpRequest, pk: int) -> HttpResponse:
    """Change the budget and districts until proposals open; a later attempt is refused."""
    round_ = round_for_staff(request.user, pk)
    form = _budget_form(round_, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        areas = data["areas"] or [AreaSpec(round_.activity.title, data["total_budget"])]
        try:
            round_configure(
                round_=round_,
                actor=person_of(request),
                total_budget=data["total_budget"],
                currency=data["currency"],
                areas=areas,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The budget and districts were saved."))
            return redirect("commissioning_staff:round", pk=round_.pk)
    elif round_.budget_locked:
        form.add_error(None, _budget_locked_hint(round_))
    return _manage_refused(request, round_, budget_form=form)


def _phase_form(round_: BudgetingRound, data: Any = None) -> PhaseForm:
    return PhaseForm(data, current=round_.phase, started=round_.moment.status == DURING)


@login_required
@require_POST
def round_phase(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = round_for_staff(request.user, pk)
    form = _phase_form(round_, request.POST)
    if form.is_valid():
        try:
            round_phase_set(
                round_=round_, actor=person_of(request), phase=Phase(form.cleaned_data["phase"])
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The round moved to a new phase."))
            return redirect("commissioning_staff:round", pk=round_.pk)
    return _manage_refused(request, round_, phase_form=form)


@login_required
def proposal_review_view(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_object_or_404(Proposal.objects.select_related("area", "author"), pk=pk)
    round_ = round_for_staff(request.user, proposal.round_id)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            proposal_review(proposal=proposal, actor=person_of(request), **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Review recorded; the author has been told."))
            return redirect("commissioning_staff:round", pk=round_.pk)
    return render(
        request,
        "commissioning/staff/review.html",
        {"round": round_, "proposal": proposal, "form": form},
    )


@login_required
@require_POST
def proposal_merge_view(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = round_for_staff(request.user, pk)
    form = MergeForm(request.POST, round_=round_)
    if form.is_valid():
        try:
            proposal_merge(actor=person_of(request), **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The proposals were merged; supporters carried over."))
            return redirect("commissioning_staff:round", pk=round_.pk)
    return _manage_refused(request, round_, merge_form=form)


@login_required
@require_POST
def codes_issue(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = round_for_staff(request.user, pk, action=Action.ENTER_ASSISTED)
    form = CodesForm(request.POST, round_=round_)
    if form.is_valid():
        try:
            codes = voter_codes_issue(round_=round_, actor=person_of(request), **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return render(
                request,
                "commissioning/staff/codes.html",
                {"round": round_, "codes": codes, "area": form.cleaned_data["area"]},
            )
    return _manage_refused(request, round_, codes_form=form)


@login_required
def paper_entry(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = round_for_staff(request.user, pk, action=Action.ENTER_ASSISTED)
    areas = list(round_.areas.all())
    area_id = request.POST.get("area") or request.GET.get("area") or str(areas[0].pk)
    area = next((a for a in areas if str(a.pk) == area_id), areas[0])
    proposals = ballot_proposals(area)
    error, outcome = "", None
    if request.method == "POST":
        try:
            content = content_from_post(round_, request.POST, [p.pk for p in proposals])
            outcome = paper_entry_record(
                round_=round_,
                code=request.POST.get("code", ""),
                content=content,
                actor=person_of(request),
            )
        except ValidationError as problem:
            error = " ".join(problem.messages)
        except PermissionDenied as problem:
            error = _message(problem)
    context = {
        "round": round_,
        "areas": areas,
        "area": area,
        "proposals": proposals,
        "error": error,
        "outcome": outcome,
        "rank_options": range(1, (round_.max_choices or len(proposals)) + 1),
        "enterers": paper_enterers(round_),
    }
    return render(request, "commissioning/staff/paper.html", context, status=400 if error else 200)


@login_required
@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = round_for_staff(request.user, pk)
    if is_published(round_):
        messages.info(request, _("The winners are already published; nothing was changed."))
        return redirect("commissioning_staff:round", pk=round_.pk)
    try:
        created = winners_publish(round_=round_, actor=person_of(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            ngettext(
                "%(n)s winner is now a commitment on the public tracker.",
                "%(n)s winners are now commitments on the public tracker.",
                len(created),
            )
            % {"n": len(created)},
        )
    return redirect("commissioning_staff:round", pk=round_.pk)


@login_required
@require_POST
def recount(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = round_for_staff(request.user, pk)
    form = RecountForm(request.POST, published=round_.is_closed and is_published(round_))
    if form.is_valid():
        try:
            round_recount(round_=round_, actor=person_of(request), **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("The round is being counted again; the earlier count is kept.")
            )
            return redirect("commissioning_staff:round", pk=round_.pk)
    return _manage_refused(request, round_, recount_form=form)


@login_required
def export(request: HttpRequest, pk: int, area: int) -> HttpResponse:
    round_ = round_for_staff(request.user, pk)
    ballot_area = get_object_or_404(BallotArea, pk=area, round=round_)
    try:
        text = round_export_pabulib(round_=round_, area=ballot_area, actor=person_of(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("commissioning_staff:round", pk=round_.pk)
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="round-{round_.pk}-area-{ballot_area.pk}.pb"'
    )
    return response


@login_required
def round_import(request: HttpRequest) -> HttpResponse:
    organisations = organisations_where(request.user, Action.MANAGE_BUDGETS)
    if not organisations:
        raise PermissionDenied
    initiatives = Initiative.objects.filter(organisation__in=organisations)
    form = ImportForm(request.POST or None, request.FILES or None, initiatives=initiatives)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            text = upload.read().decode("utf-8-sig")
            round_ = round_import_pabulib(
                source=text if "\n" in text else text + "\n",
                initiative=form.cleaned_data["initiative"],
                actor=person_of(request),
                name=upload.name,
            )
        except UnicodeDecodeError:
            form.add_error("file", _("The file must be UTF-8 text."))
        except ValidationError as error:
            form.add_error("file", error.messages)
        else:
            messages.success(request, _("The round was imported and is being counted."))
            return redirect("commissioning_staff:round", pk=round_.pk)
    return render(request, "commissioning/staff/import.html", {"form": form})
