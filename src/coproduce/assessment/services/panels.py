"""Writes for scrutiny panels: recruit, go round the wheel, recommend, respond."""

from __future__ import annotations

import secrets
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from coproduce.accounts.notifications import notify
from coproduce.accounts.selectors import consented_demographics
from coproduce.assessment import lottery
from coproduce.assessment.instruments import PANEL_APPLY
from coproduce.assessment.models import (
    Panel,
    PanelEvidence,
    PanelFinding,
    PanelMember,
    PanelMemberRole,
    PanelMemberStatus,
    PanelRecruitment,
    Recommendation,
    RecommendationResponse,
    WheelStage,
)
from coproduce.audit.chain import audit_record
from coproduce.governance.models import CommitmentOwner, CommitmentSource
from coproduce.governance.services import commitment_create
from coproduce.initiatives.models import Activity, LineageKind, Mode
from coproduce.initiatives.rules import can as can_take_part
from coproduce.initiatives.services import contribution_record, lineage_link
from coproduce.organisations.permissions import Action, can
from coproduce.places.selectors import population_profile
from coproduce.ui.text import Sentence

if TYPE_CHECKING:
    from coproduce.accounts.models import Person

WHEEL = [
    WheelStage.FOCUSING,
    WheelStage.DIRECTING,
    WheelStage.DETECTING,
    WheelStage.JUDGING,
    WheelStage.EFFECTING,
    WheelStage.DONE,
]
RESPONSE_WEEKS = 8


def _organisation(panel: Panel) -> object:
    return panel.activity.stage.initiative.organisation


def is_organiser(person: Person, panel: Panel) -> bool:
    return can(person, Action.MANAGE_INITIATIVES, _organisation(panel))  # type: ignore[arg-type]


def is_member(person: Person, panel: Panel) -> bool:
    return (
        person.is_authenticated
        and panel.members.filter(person_id=person.pk, status=PanelMemberStatus.SELECTED).exists()
    )


def _require_worker(person: Person, panel: Panel) -> None:
    if not (is_member(person, panel) or is_organiser(person, panel)):
        raise PermissionDenied(_("Only the panel's members and organisers can do this."))


def _require_stage(panel: Panel, stage: WheelStage) -> None:
    if panel.stage != stage:
        raise ValidationError(
            _("This is done while %(stage)s.") % {"stage": WheelStage(stage).label}
        )


def panel_create(
    *,
    activity: Activity,
    actor: Person,
    recruitment: PanelRecruitment = PanelRecruitment.OPEN,
    seats: int = 12,
    stratify_by: str = "age_band",
) -> Panel:
    """Set up the panel of a scrutiny-panel activity."""
    if not can(actor, Action.MANAGE_INITIATIVES, activity.stage.initiative.organisation):
        raise PermissionDenied(_("Only the organisers can set up this panel."))
    with transaction.atomic():
        panel, _created = Panel.objects.update_or_create(
            activity=activity,
            defaults={"recruitment": recruitment, "seats": seats, "stratify_by": stratify_by},
        )
        audit_record(
            action="panel.save",
            actor=actor,
            target=panel,
            data={"recruitment": recruitment, "seats": seats},
        )
    return panel


def panel_apply(*, panel: Panel, person: Person) -> PanelMember:
    """Put oneself forward; with open recruitment the first to apply take the seats."""
    verdict = can_take_part(person, PANEL_APPLY, panel.activity)
    if not verdict.ok:
        raise ValidationError(verdict.reason)
    seated = panel.members.filter(
        role=PanelMemberRole.CITIZEN, status=PanelMemberStatus.SELECTED
    ).count()
    status = PanelMemberStatus.APPLIED
    if panel.recruitment == PanelRecruitment.OPEN and seated < panel.seats:
        status = PanelMemberStatus.SELECTED
    try:
        with transaction.atomic():
            member = PanelMember.objects.create(
                panel=panel, person=person, role=PanelMemberRole.CITIZEN, status=status
            )
            contribution_record(
                person=person, activity=panel.activity, kind="panel-apply", mode=Mode.ACTION
            )
    except IntegrityError:
        raise ValidationError(_("You have already put yourself forward.")) from None
    return member


def panel_add_member(
    *, panel: Panel, actor: Person, person: Person, role: PanelMemberRole
) -> PanelMember:
    """Seat a member of staff or a councillor on the panel."""
    if not is_organiser(actor, panel):
        raise PermissionDenied(_("Only the organisers can seat members."))
    with transaction.atomic():
        member, _created = PanelMember.objects.update_or_create(
            panel=panel, person=person, defaults={"role": role, "status": "selected"}
        )
        audit_record(
            action="panel.add_member", actor=actor, target=panel, data={"person": person.pk}
        )
    return member


def panel_draw(*, panel: Panel, actor: Person, seed: int | None = None) -> list[PanelMember]:
    """Draw the citizen seats by lot among applicants, stratified by the population profile."""
    if not is_organiser(actor, panel):
        raise PermissionDenied(_("Only the organisers can hold the draw."))

    seed = seed if seed is not None else secrets.randbelow(2**31)
    applicants = list(panel.members.filter(role=PanelMemberRole.CITIZEN).select_related("person"))
    values = consented_demographics(m.person_id for m in applicants)
    place = panel.activity.eligible_place or panel.activity.stage.initiative.place
    population = population_profile(place).get(panel.stratify_by, {})
    strata = [(m, str(values.get(m.person_id, {}).get(panel.stratify_by, ""))) for m in applicants]
    chosen = lottery.draw(strata, population, panel.seats, seed=seed)
    chosen_ids = {m.pk for m in chosen}
    with transaction.atomic():
        for member, stratum in strata:
            member.status = (
                PanelMemberStatus.SELECTED
                if member.pk in chosen_ids
                else PanelMemberStatus.NOT_SELECTED
            )
            member.stratum = stratum
            member.save(update_fields=["status", "stratum"])
        audit_record(
            action="panel.draw",
            actor=actor,
            target=panel,
            data={"seed": seed, "applicants": len(applicants), "chosen": sorted(chosen_ids)},
        )
        for member in chosen:
            notify(
                member.person,
                subject=Sentence(gettext_noop("You have a seat on the panel")),
                body=Sentence(gettext_noop("You were drawn for %(panel)s."), {"panel": panel}),
                url=panel.get_absolute_url(),
            )
    return chosen


def _ready_to_leave(panel: Panel) -> str:
    """Return why the panel cannot leave its stage yet, or ''."""
    checks = {
        WheelStage.FOCUSING: (bool(panel.topic), _("Agree the topic first.")),
        WheelStage.DIRECTING: (bool(panel.plan), _("Plan the questions and methods first.")),
        WheelStage.DETECTING: (panel.evidence.exists(), _("Gather some evidence first.")),
        WheelStage.JUDGING: (panel.findings.exists(), _("Record at least one finding first.")),
        WheelStage.EFFECTING: (
            panel.recommendations.exists(),
            _("Make at least one recommendation first."),
        ),
    }
    ok, reason = checks.get(WheelStage(panel.stage), (False, _("The enquiry is complete.")))
    return "" if ok else reason


def panel_advance(*, panel: Panel, actor: Person) -> WheelStage:
    """Move the enquiry to the next stage of the wheel."""
    _require_worker(actor, panel)
    reason = _ready_to_leave(panel)
    if reason:
        raise ValidationError(reason)
    with transaction.atomic():
        before = panel.stage
        panel.stage = WHEEL[WHEEL.index(WheelStage(panel.stage)) + 1]
        panel.save(update_fields=["stage"])
        audit_record(
            action="panel.advance",
            actor=actor,
            target=panel,
            data={"from": before, "to": panel.stage},
        )
    return WheelStage(panel.stage)


def panel_focus(*, panel: Panel, actor: Person, topic: str = "", plan: str = "") -> None:
    """Record the topic (co-focussing) or the plan (co-directing)."""
    _require_worker(actor, panel)
    if topic:
        _require_stage(panel, WheelStage.FOCUSING)
        panel.topic = topic.strip()
    if plan:
        _require_stage(panel, WheelStage.DIRECTING)
        panel.plan = plan.strip()
    with transaction.atomic():
        panel.save(update_fields=["topic", "plan"])
        audit_record(action="panel.focus", actor=actor, target=panel, data={"topic": topic})


def evidence_add(
    *,
    panel: Panel,
    actor: Person,
    kind: str,
    title: str,
    summary: str = "",
    file: UploadedFile[bytes] | None = None,
) -> PanelEvidence:
    """Add a visit, interview, data or a document while co-detecting."""
    _require_worker(actor, panel)
    _require_stage(panel, WheelStage.DETECTING)
    if not title.strip():
        raise ValidationError({"title": _("Give the evidence a title.")})
    if file is not None and file.size is not None and file.size > 20 * 2**20:
        raise ValidationError({"file": _("Files must be 20 MB or smaller.")})
    with transaction.atomic():
        evidence = PanelEvidence(
            panel=panel, kind=kind, title=title.strip(), summary=summary.strip(), added_by=actor
        )
        if file is not None:
            evidence.file.save(file.name or "evidence", file, save=False)
        evidence.save()
        contribution_record(
            person=actor, activity=panel.activity, kind="panel-evidence", mode=Mode.ACTION
        )
    return evidence


def finding_add(
    *, panel: Panel, actor: Person, text: str, score: int | None = None
) -> PanelFinding:
    """Record a co-judging finding, optionally with a 1–5 rating."""
    _require_worker(actor, panel)
    _require_stage(panel, WheelStage.JUDGING)
    if not text.strip():
        raise ValidationError({"text": _("Write the finding.")})
    if score is not None and not 1 <= score <= 5:
        raise ValidationError({"score": _("Ratings are from 1 to 5.")})
    return PanelFinding.objects.create(panel=panel, text=text.strip(), score=score)


def recommendation_add(
    *, panel: Panel, actor: Person, title: str, body: str = "", response_due: date | None = None
) -> Recommendation:
    """Make a co-effecting recommendation; the organisation owes a response by its due date."""
    _require_worker(actor, panel)
    _require_stage(panel, WheelStage.EFFECTING)
    if not title.strip():
        raise ValidationError({"title": _("Write the recommendation.")})
    due = response_due or timezone.localdate() + timedelta(weeks=RESPONSE_WEEKS)
    with transaction.atomic():
        recommendation = Recommendation.objects.create(
            panel=panel, title=title.strip(), body=body.strip(), response_due=due
        )
        audit_record(
            action="panel.recommend", actor=actor, target=recommendation, data={"title": title}
        )
    return recommendation


def recommendation_respond(
    *,
    recommendation: Recommendation,
    actor: Person,
    response: RecommendationResponse,
    reason: str,
    commitment_due: date | None = None,
) -> Recommendation:
    """Give the formal response; accepted (or partly accepted) ones become Commitments."""
    panel = recommendation.panel
    initiative = panel.activity.stage.initiative
    if not can(actor, Action.RESPOND_TO_RECOMMENDATIONS, initiative.organisation):
        raise PermissionDenied(_("Only the organisation's staff or councillors can respond."))
    if recommendation.response:
        raise ValidationError(_("This recommendation already has a response."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason: it is published with the response.")})
    with transaction.atomic():
        recommendation.response = response
        recommendation.response_reason = reason.strip()
        recommendation.responded_by = actor
        recommendation.responded_at = timezone.now()
        if response != RecommendationResponse.REJECTED:
            # The responder may be a councillor, who cannot add commitments directly: the
            # commitment is the organisation's, made by the system on the response's authority.
            commitment = commitment_create(
                title=recommendation.title,
                description=f"{recommendation.body}\n\n{reason.strip()}".strip(),
                organisation=initiative.organisation,
                owner=CommitmentOwner.ORGANISATION,
                actor=None,
                initiative=initiative,
                source=CommitmentSource.RECOMMENDATION,
                due_date=commitment_due,
            )
            recommendation.commitment = commitment
            lineage_link(
                source=recommendation, target=commitment, kind=LineageKind.BECAME, actor=actor
            )
        recommendation.save()
        audit_record(
            action="panel.respond",
            actor=actor,
            target=recommendation,
            data={"response": response, "reason": recommendation.response_reason},
        )
        for member in panel.members.filter(status=PanelMemberStatus.SELECTED).select_related(
            "person"
        ):
            notify(
                member.person,
                subject=Sentence(gettext_noop("Response to the panel's recommendation")),
                body=Sentence(
                    gettext_noop("%(title)s: %(response)s. %(reason)s"),
                    {
                        "title": recommendation.title,
                        "response": RecommendationResponse(recommendation.response).label,
                        "reason": recommendation.response_reason,
                    },
                ),
                url=recommendation.get_absolute_url(),
            )
    return recommendation


def recommendation_link(
    *, recommendation: Recommendation, target: Any, actor: Person, note: str = ""
) -> None:
    """Link a recommendation to something else that came of it (an initiative, a round)."""
    organisation = recommendation.panel.activity.stage.initiative.organisation
    if not can(actor, Action.RESPOND_TO_RECOMMENDATIONS, organisation):
        raise PermissionDenied(_("Only the organisation's staff or councillors can link this."))
    lineage_link(
        source=recommendation, target=target, kind=LineageKind.LED_TO, note=note, actor=actor
    )
