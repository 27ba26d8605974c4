"""What co-assessment holds about a person: reports, ratings, survey answers, panel seats."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from coproduce.accounts.personal_data import PersonalData
from coproduce.assessment.models import (
    FixAnswer,
    PanelMember,
    Rating,
    Report,
    ReportSupport,
    SurveyResponse,
)

if TYPE_CHECKING:
    from coproduce.accounts.models import Person


def _export(person: Person) -> dict[str, Any]:
    reports = Report.objects.filter(reporter=person).select_related("category")
    responses = (
        SurveyResponse.objects.filter(person=person)
        .select_related("survey__activity")
        .prefetch_related("answers__question")
    )
    return {
        "reports": [
            {
                "category": r.category.name,
                "description": r.description,
                "address": r.address,
                "lat": r.lat,
                "lon": r.lon,
                "status": r.status,
                "contact_name": r.contact_name,
                "contact_email": r.contact_email,
                "contact_phone": r.contact_phone,
                "at": r.created_at.isoformat(),
            }
            for r in reports
        ],
        "report_supports": [
            s.report_id for s in ReportSupport.objects.filter(person=person).only("report_id")
        ],
        "fix_answers": [
            {"report": a.report_id, "fixed": a.fixed, "comment": a.comment}
            for a in FixAnswer.objects.filter(person=person)
        ],
        "ratings": [
            {"score": r.score, "comment": r.comment, "at": r.created_at.isoformat()}
            for r in Rating.objects.filter(person=person)
        ],
        "survey_responses": [
            {
                "survey": r.survey.activity.title,
                "at": r.created_at.isoformat(),
                "answers": {a.question.prompt: a.value for a in r.answers.all()},
            }
            for r in responses
        ],
        "panels": [
            {"panel": m.panel.activity.title, "role": m.role, "status": m.status}
            for m in PanelMember.objects.filter(person=person).select_related("panel__activity")
        ],
    }


def _erase(person: Person) -> None:
    # Reports, ratings and answers stay (they are about streets and services), anonymously.
    Report.objects.filter(reporter=person).update(
        reporter=None, contact_name="", contact_email="", contact_phone=""
    )
    ReportSupport.objects.filter(person=person).delete()
    FixAnswer.objects.filter(person=person).update(person=None)
    Rating.objects.filter(person=person).update(person=None)
    SurveyResponse.objects.filter(person=person).update(person=None, once_key=None)
    PanelMember.objects.filter(person=person).delete()


ASSESSMENT = PersonalData(
    section="assessment",
    export=_export,
    erase=_erase,
    fields=(
        "assessment.Report.reporter",
        "assessment.ReportSupport.person",
        "assessment.FixAnswer.person",
        "assessment.Rating.person",
        "assessment.SurveyResponse.person",
        "assessment.PanelMember.person",
        # Kept, pointing to the anonymised account: staff's own records and answers.
        "assessment.Report.recorded_by",
        "assessment.Report.assignee",
        "assessment.ReportUpdate.author",
        "assessment.Rating.we_did_by",
        "assessment.PanelEvidence.added_by",
        "assessment.Recommendation.responded_by",
        "assessment.ApiKey.created_by",
    ),
)
