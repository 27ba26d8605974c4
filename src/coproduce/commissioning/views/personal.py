"""Pages for personal budgets: only the two parties and authorised (audited) staff see a plan."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coproduce.accounts.second_factor import staff_capability_allowed
from coproduce.commissioning.access import person_of
from coproduce.commissioning.forms import PlanChangeForm, SpendingForm
from coproduce.commissioning.models import (
    ChangeStatus,
    PaymentMethod,
    PlanChange,
    SpendingRecord,
    SupportPlan,
)
from coproduce.commissioning.money import pence
from coproduce.commissioning.services.personal import (
    LineSpec,
    change_decide,
    change_propose,
    is_party,
    plan_for_user,
    spending_record,
)
from coproduce.commissioning.views.rounds import _message
from coproduce.ui.forms import add_service_errors


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    mine = Q(person_id=request.user.pk)
    if staff_capability_allowed(request.user):
        mine |= Q(professional_id=request.user.pk)
    plans = SupportPlan.objects.filter(mine).select_related("person", "professional")
    return render(request, "commissioning/plan_list.html", {"plans": plans})


def _lines_text(plan: SupportPlan) -> str:
    rows = []
    for line in plan.lines.filter(active=True):
        how = "direct" if line.method == PaymentMethod.DIRECT else line.provider
        rows.append(f"{line.label} | {line.amount / 100:.2f} | {how}")
    return "\n".join(rows)


def _context(request: HttpRequest, plan: SupportPlan, **extra: object) -> dict[str, object]:
    lines = list(plan.lines.filter(active=True).annotate(spent=Sum("spending__amount")))
    context: dict[str, object] = {
        "plan": plan,
        "lines": lines,
        "allocated": sum(line.amount for line in lines),
        "spent": sum(line.spent or 0 for line in lines),
        "pending": plan.changes.filter(status=ChangeStatus.PROPOSED)
        .select_related("proposed_by")
        .first(),
        "history": plan.changes.select_related("proposed_by", "decided_by")[:10],
        "spending": list(
            SpendingRecord.objects.filter(line__plan=plan).select_related("line")[:20]
        ),
        "party": is_party(request.user, plan),
        "change_form": PlanChangeForm(
            initial={
                "outcomes": plan.outcomes,
                "lines": _lines_text(plan),
                "review_date": plan.review_date,
            }
        ),
        "spending_form": _spending_form(plan),
    }
    context.update(extra)
    return context


def _spending_form(plan: SupportPlan, data: Any = None) -> SpendingForm:
    form = SpendingForm(data)
    form.fields["line"].choices = [(line.pk, line.label) for line in plan.lines.filter(active=True)]  # type: ignore[attr-defined]
    return form


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_for_user(request.user, pk)
    return render(request, "commissioning/plan_detail.html", _context(request, plan))


def parse_lines(text: str) -> list[LineSpec]:
    """Read ``label | amount | provider-or-direct`` lines; raise ``ValidationError``."""
    specs = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        parts = [p.strip() for p in raw.split("|")]
        if len(parts) < 2 or not parts[0]:
            raise ValidationError(
                _("Line %(n)s: write “what | amount | provider”.") % {"n": number}
            )
        try:
            amount = pence(parts[1])
        except ValueError:
            raise ValidationError(
                _("Line %(n)s: the amount must be in pounds.") % {"n": number}
            ) from None
        provider = parts[2] if len(parts) > 2 else ""
        direct = provider.lower() in ("direct", "direct payment")
        specs.append(
            LineSpec(
                parts[0],
                amount,
                PaymentMethod.DIRECT if direct else PaymentMethod.PROVIDER,
                "" if direct else provider,
            )
        )
    return specs


@login_required
@require_POST
def change_new(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_for_user(request.user, pk)
    form = PlanChangeForm(request.POST)
    if form.is_valid():
        try:
            change_propose(
                plan=plan,
                actor=person_of(request),
                outcomes=form.cleaned_data["outcomes"],
                lines=parse_lines(form.cleaned_data["lines"]),
                review_date=form.cleaned_data["review_date"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, _message(error))
        else:
            messages.success(
                request, _("Change proposed: it applies once the other person agrees.")
            )
            return redirect(plan)
    return render(
        request,
        "commissioning/plan_detail.html",
        _context(request, plan, change_form=form),
        status=400,
    )


@login_required
@require_POST
def change_decide_view(request: HttpRequest, pk: int) -> HttpResponse:
    change = get_object_or_404(PlanChange.objects.select_related("plan"), pk=pk)
    plan = plan_for_user(request.user, change.plan_id)
    try:
        change_decide(
            change=change, actor=person_of(request), agree=request.POST.get("decision") == "agree"
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _message(error))
    else:
        messages.success(request, _("Your decision is recorded."))
    return redirect(plan)


@login_required
@require_POST
def spending_new(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_for_user(request.user, pk)
    form = _spending_form(plan, request.POST)
    if form.is_valid():
        line = plan.lines.filter(pk=form.cleaned_data["line"]).first()
        try:
            if line is None:
                raise ValidationError({"line": _("Choose one of the plan's current budget lines.")})
            spending_record(
                plan=plan,
                line=line,
                amount=form.cleaned_data["amount"],
                spent_on=form.cleaned_data["spent_on"],
                note=form.cleaned_data["note"],
                actor=person_of(request),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, _message(error))
        else:
            messages.success(request, _("Spending recorded."))
            return redirect(plan)
    return render(
        request,
        "commissioning/plan_detail.html",
        _context(request, plan, spending_form=form),
        status=400,
    )
