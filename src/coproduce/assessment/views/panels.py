"""Scrutiny panel pages: the wheel, the panel's own work, and the formal responses."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coproduce.accounts.models import Person
from coproduce.assessment.instruments import SCRUTINY_PANEL
from coproduce.assessment.models import (
    PanelMemberRole,
    PanelMemberStatus,
    PanelRecruitment,
    RecommendationResponse,
    WheelStage,
)
from coproduce.assessment.panel_forms import (
    EvidenceForm,
    FindingForm,
    MemberForm,
    PlanForm,
    RecommendationForm,
    ResponseForm,
    TopicForm,
)
from coproduce.assessment.selectors.panels import (
    panel_for_user,
    recommendation_for_responder,
    recommendations_of,
)
from coproduce.assessment.services import panels as service
from coproduce.initiatives.models import Activity
from coproduce.initiatives.selectors import lineage_of
from coproduce.organisations.permissions import Action, can, organisations_where
from coproduce.ui.typing import AuthenticatedRequest

STAGE_FORMS: dict[str, tuple[str, Any]] = {
    WheelStage.FOCUSING: ("topic", TopicForm),
    WheelStage.DIRECTING: ("plan", PlanForm),
    WheelStage.DETECTING: ("evidence", EvidenceForm),
    WheelStage.JUDGING: ("finding", FindingForm),
    WheelStage.EFFECTING: ("recommendation", RecommendationForm),
}


def panel_page(request: HttpRequest, pk: int, form: Any = None) -> HttpResponse:
    from coproduce.assessment.wheel import wheel_svg

    panel = panel_for_user(request.user, pk)
    user = request.user
    worker = user.is_authenticated and (
        service.is_member(user, panel) or service.is_organiser(user, panel)
    )
    stage_form = None
    if worker and panel.stage in STAGE_FORMS:
        stage_form = form or STAGE_FORMS[panel.stage][1]()
    recommendations = list(recommendations_of(panel))
    members = panel.members.filter(status=PanelMemberStatus.SELECTED).select_related("person")
    applied = user.is_authenticated and panel.members.filter(person_id=user.pk).exists()
    responder = can(
        user, Action.RESPOND_TO_RECOMMENDATIONS, panel.activity.stage.initiative.organisation
    )
    context = {
        "panel": panel,
        "wheel": wheel_svg(panel.stage),
        "stages": service.WHEEL[:-1],
        "stage_index": service.WHEEL.index(WheelStage(panel.stage)),
        "worker": worker,
        "stage_form": stage_form,
        "evidence": panel.evidence.all(),
        "findings": panel.findings.all(),
        "recommendations": [(r, lineage_of(r)) for r in recommendations],
        "citizens": sum(1 for m in members if m.role == PanelMemberRole.CITIZEN),
        "officials": [m for m in members if m.role != PanelMemberRole.CITIZEN],
        "can_apply": user.is_authenticated and not applied and panel.stage == WheelStage.FOCUSING,
        "responder": responder,
        "response_form": ResponseForm(),
    }
    return render(request, "assessment/panel.html", context)


def _fail(request: HttpRequest, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


@login_required
@require_POST
def panel_apply(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    panel = panel_for_user(request.user, pk)
    try:
        member = service.panel_apply(panel=panel, person=request.user)
    except ValidationError as error:
        _fail(request, error)
    else:
        if member.status == PanelMemberStatus.SELECTED:
            messages.success(request, _("You have a seat on the panel."))
        else:
            messages.success(request, _("You are in the draw for a seat."))
    return redirect(panel)


@login_required
@require_POST
def panel_work(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Save the current stage's work: topic, plan, evidence, finding or recommendation."""
    panel = panel_for_user(request.user, pk)
    if panel.stage not in STAGE_FORMS:
        raise PermissionDenied
    name, form_class = STAGE_FORMS[panel.stage]
    form = form_class(request.POST, request.FILES)
    if not form.is_valid():
        return panel_page(request, pk, form=form)
    data = form.cleaned_data
    try:
        if name == "topic":
            service.panel_focus(panel=panel, actor=request.user, topic=data["topic"])
        elif name == "plan":
            service.panel_focus(panel=panel, actor=request.user, plan=data["plan"])
        elif name == "evidence":
            service.evidence_add(panel=panel, actor=request.user, **data)
        elif name == "finding":
            service.finding_add(panel=panel, actor=request.user, **data)
        else:
            service.recommendation_add(panel=panel, actor=request.user, **data)
    except ValidationError as error:
        _fail(request, error)
    else:
        messages.success(request, _("Saved."))
    return redirect(panel)


@login_required
@require_POST
def panel_advance(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    panel = panel_for_user(request.user, pk)
    try:
        stage = service.panel_advance(panel=panel, actor=request.user)
    except ValidationError as error:
        _fail(request, error)
    else:
        messages.success(request, _("The enquiry moved on to: %(stage)s") % {"stage": stage.label})
    return redirect(panel)


@login_required
@require_POST
def recommendation_respond(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    recommendation = recommendation_for_responder(request.user, pk)
    form = ResponseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a response and give the reason."))
        return redirect(recommendation)
    try:
        service.recommendation_respond(
            recommendation=recommendation,
            actor=request.user,
            response=RecommendationResponse(form.cleaned_data["response"]),
            reason=form.cleaned_data["reason"],
            commitment_due=form.cleaned_data["commitment_due"],
        )
    except ValidationError as error:
        _fail(request, error)
    else:
        messages.success(request, _("Response published."))
    return redirect(recommendation)


@login_required
def staff_panels(request: AuthenticatedRequest) -> HttpResponse:
    organisations = organisations_where(request.user, Action.MANAGE_INITIATIVES)
    if not organisations:
        raise PermissionDenied
    activities = Activity.objects.filter(
        kind=SCRUTINY_PANEL, stage__initiative__organisation__in=organisations
    ).select_related("panel", "stage__initiative")
    return render(request, "assessment/staff/panels.html", {"activities": activities})


@login_required
@require_POST
def staff_panel_create(request: AuthenticatedRequest, activity_pk: int) -> HttpResponse:
    activity = get_object_or_404(Activity, pk=activity_pk, kind=SCRUTINY_PANEL)
    recruitment = request.POST.get("recruitment", "open")
    panel = service.panel_create(
        activity=activity,
        actor=request.user,
        recruitment=PanelRecruitment(recruitment)
        if recruitment in PanelRecruitment.values
        else PanelRecruitment.OPEN,
    )
    return redirect("assessment_staff:panel", pk=panel.pk)


@login_required
def staff_panel(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    panel = panel_for_user(request.user, pk)
    if not service.is_organiser(request.user, panel):
        raise PermissionDenied
    form = MemberForm(request.POST or None)
    if request.method == "POST" and "draw" in request.POST:
        chosen = service.panel_draw(panel=panel, actor=request.user)
        messages.success(request, _("%(n)s citizens drawn.") % {"n": len(chosen)})
        return redirect("assessment_staff:panel", pk=panel.pk)
    if request.method == "POST" and form.is_valid():
        person = Person.objects.filter(email__iexact=form.cleaned_data["email"]).first()
        if person is None:
            form.add_error("email", _("No account has this email."))
        else:
            service.panel_add_member(
                panel=panel,
                actor=request.user,
                person=person,
                role=PanelMemberRole(form.cleaned_data["role"]),
            )
            messages.success(request, _("Member seated."))
            return redirect("assessment_staff:panel", pk=panel.pk)
    members = panel.members.select_related("person").order_by("status", "role")
    return render(
        request, "assessment/staff/panel.html", {"panel": panel, "form": form, "members": members}
    )


@login_required
def recommendation_link(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    from coproduce.assessment.forms import LinkForm

    recommendation = recommendation_for_responder(request.user, pk)
    organisation = recommendation.panel.activity.stage.initiative.organisation
    form = LinkForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        service.recommendation_link(
            recommendation=recommendation,
            target=form.target_object(),
            actor=request.user,
            note=form.cleaned_data["note"],
        )
        messages.success(request, _("Linked: the link shows on both pages."))
        return redirect(recommendation)
    return render(request, "assessment/staff/link.html", {"item": recommendation, "form": form})


def evidence_file(request: HttpRequest, pk: int) -> FileResponse:
    """Serve an evidence document to anyone who may see the panel."""
    from coproduce.assessment.models import PanelEvidence

    evidence = get_object_or_404(PanelEvidence.objects.select_related("panel"), pk=pk)
    panel_for_user(request.user, evidence.panel_id)
    if not evidence.file:
        raise Http404
    return FileResponse(evidence.file.open("rb"), as_attachment=True)


@login_required
def staff_recommendations(request: AuthenticatedRequest) -> HttpResponse:
    from coproduce.assessment.selectors.panels import recommendations_awaiting_for_user

    if not organisations_where(request.user, Action.RESPOND_TO_RECOMMENDATIONS):
        raise PermissionDenied
    awaiting = recommendations_awaiting_for_user(request.user)
    return render(request, "assessment/staff/recommendations.html", {"awaiting": awaiting})
