"""Demo data for co-assessment in Riverton: report categories, a few hundred reports,
ratings with answers, the garden survey with responses, and a panel part-way round the wheel.

Idempotent: categories, questions and the panel are found by their codes and titles; reports,
ratings and responses are only created when there are none yet.
"""

from __future__ import annotations

import random
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from coproduce.accounts.models import Demographics
from coproduce.assessment.models import (
    Answer,
    CategoryAttribute,
    CloseReason,
    Panel,
    PanelEvidence,
    PanelFinding,
    PanelMember,
    Question,
    Rating,
    Report,
    ReportCategory,
    ReportStatus,
    ReportSupport,
    ReportUpdate,
    Survey,
    SurveyResponse,
    WheelStage,
)
from coproduce.governance.models import Commitment
from coproduce.initiatives.models import LineageKind
from coproduce.initiatives.services import lineage_link
from coproduce.ui.geometry import contains

if TYPE_CHECKING:
    from coproduce.initiatives.demo_city import City

CATEGORIES: list[dict[str, Any]] = [
    {
        "code": "pothole",
        "name": "Pothole",
        "group": "Roads and pavements",
        "description": "A hole or broken surface in a road or cycle lane.",
        "distance": 40,
        "weight": 30,
        "attributes": [
            ("depth", "number", "Roughly how deep is it, in centimetres?", True, []),
            (
                "where",
                "singlevaluelist",
                "Where is it?",
                False,
                [("road", "In the road"), ("cycle", "In a cycle lane"), ("path", "On a path")],
            ),
        ],
        "texts": [
            "Deep pothole outside the bus stop, cars swerving round it",
            "Several potholes along the cycle lane, dangerous at night",
            "Road surface breaking up at the junction",
        ],
    },
    {
        "code": "streetlight",
        "name": "Street light not working",
        "group": "Roads and pavements",
        "description": "A street light that is out, flickering or on all day.",
        "distance": 30,
        "weight": 18,
        "attributes": [("lamp", "string", "Number on the lamp post, if you can see it", False, [])],
        "texts": [
            "Street light out for a week, the path is pitch dark",
            "Lamp flickering on and off all night",
            "Two lights out in a row near the underpass",
        ],
    },
    {
        "code": "fly-tipping",
        "name": "Fly-tipping",
        "group": "Rubbish and cleaning",
        "description": "Rubbish dumped on the street, in a park or an alley.",
        "distance": 60,
        "weight": 22,
        "attributes": [
            (
                "what",
                "multivaluelist",
                "What has been dumped?",
                True,
                [
                    ("bags", "Bin bags"),
                    ("furniture", "Furniture or mattresses"),
                    ("rubble", "Building rubble"),
                    ("tyres", "Tyres"),
                ],
            )
        ],
        "texts": [
            "Mattress and bin bags dumped in the alley",
            "Pile of rubble left by the garages",
            "Old sofa dumped on the verge",
        ],
    },
    {
        "code": "graffiti",
        "name": "Graffiti",
        "group": "Rubbish and cleaning",
        "description": "Graffiti on public property.",
        "distance": 30,
        "weight": 10,
        "attributes": [
            (
                "offensive",
                "singlevaluelist",
                "Is it offensive?",
                True,
                [("yes", "Yes"), ("no", "No")],
            )
        ],
        "texts": ["Graffiti on the bridge", "Tags sprayed on the library wall"],
    },
    {
        "code": "park-damage",
        "name": "Damage in a park or play area",
        "group": "Parks and green spaces",
        "description": "Broken play equipment, benches, fences or paths in a park.",
        "distance": 50,
        "weight": 12,
        "attributes": [],
        "texts": ["Swing chain broken in the play area", "Bench smashed by the pond"],
    },
    {
        "code": "blocked-drain",
        "name": "Blocked drain or flooding",
        "group": "Roads and pavements",
        "description": "Water standing on the road or a drain that does not clear.",
        "distance": 40,
        "weight": 8,
        "attributes": [],
        "texts": ["Drain blocked, road floods every time it rains"],
    },
]


def _categories(city: City) -> dict[str, ReportCategory]:
    council = city.organisations["riverton-council"]
    channel = city.activities.get("street-reports")
    categories = {}
    for spec in CATEGORIES:
        category, _created = ReportCategory.objects.update_or_create(
            code=spec["code"],
            defaults={
                "organisation": council,
                "place": city.city,
                "activity": channel,
                "name": spec["name"],
                "group": spec["group"],
                "description": spec["description"],
                "duplicate_distance_m": spec["distance"],
            },
        )
        for order, (code, datatype, text, required, values) in enumerate(spec["attributes"], 1):
            CategoryAttribute.objects.update_or_create(
                category=category,
                code=code,
                defaults={
                    "datatype": datatype,
                    "description": text,
                    "required": required,
                    "order": order,
                    "values": [{"key": k, "name": n} for k, n in values],
                },
            )
        categories[spec["code"]] = category
    return categories


def _attribute_answers(spec: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for code, datatype, _text, _required, values in spec["attributes"]:
        if datatype == "number":
            answers[code] = rng.randrange(2, 25)
        elif datatype == "singlevaluelist":
            answers[code] = rng.choice(values)[0]
        elif datatype == "multivaluelist":
            answers[code] = sorted({rng.choice(values)[0] for _ in range(2)})
    return answers


def _status(age_days: float, rng: random.Random) -> tuple[str, str, float | None, float | None]:
    """Return status, close reason, hours to acknowledge and hours to close."""
    acknowledge = rng.lognormvariate(3.0, 0.9)  # median about 20 hours
    if age_days * 24 < acknowledge or rng.random() < 0.06:
        return ReportStatus.OPEN, "", None, None
    close = acknowledge + rng.lognormvariate(4.6, 0.8)  # median about 4 days more
    if age_days * 24 < close or rng.random() < 0.12:
        return (
            rng.choice([ReportStatus.ACKNOWLEDGED, ReportStatus.IN_PROGRESS]),
            "",
            acknowledge,
            None,
        )
    reason = rng.choices(
        [CloseReason.FIXED, CloseReason.NOT_RESPONSIBLE, CloseReason.DUPLICATE],
        weights=[85, 10, 5],
    )[0]
    return ReportStatus.CLOSED, reason, acknowledge, close


def _reports(city: City, categories: dict[str, ReportCategory], count: int = 320) -> None:
    if Report.objects.filter(category__in=categories.values()).exists():
        return
    rng = random.Random(311)
    wards = list(city.wards.values())
    specs = list(CATEGORIES)
    staff = city.people["staff"]
    now = timezone.now()
    for _index in range(count):
        spec = rng.choices(specs, weights=[s["weight"] for s in specs])[0]
        # Eastbank and Riverside (east half, more deprived) report a little more.
        lon = rng.uniform(-1.595, -1.405) if rng.random() < 0.6 else rng.uniform(-1.5, -1.405)
        lat = rng.uniform(52.403, 52.497)
        place = next((w for w in wards if contains(w.boundary, lon=lon, lat=lat)), city.city)
        age = rng.uniform(0, 120)
        created = now - timedelta(days=age)
        status, reason, ack, closed = _status(age, rng)
        report = Report.objects.create(
            category=categories[spec["code"]],
            reporter=rng.choice(city.residents),
            description=rng.choice(spec["texts"]),
            lon=round(lon, 6),
            lat=round(lat, 6),
            place=place,
            attributes=_attribute_answers(spec, rng),
            status=status,
            close_reason=reason,
            created_at=created,
            updated_at=created + timedelta(hours=closed or ack or 0),
            acknowledged_at=created + timedelta(hours=ack) if ack else None,
            closed_at=created + timedelta(hours=closed) if closed else None,
            channel=rng.choices(["online", "assisted"], weights=[9, 1])[0],
            recorded_by=None,
        )
        _history(report, staff, ack, closed, rng)
        for supporter in rng.sample(city.residents, rng.choice([0, 0, 0, 1, 2, 4])):
            if supporter != report.reporter:
                ReportSupport.objects.get_or_create(report=report, person=supporter)


def _history(report: Report, staff: Any, ack: float | None, closed: float | None, rng: Any) -> None:
    updates = [ReportUpdate(report=report, status=ReportStatus.OPEN, created_at=report.created_at)]
    if ack is not None:
        updates.append(
            ReportUpdate(
                report=report,
                author=staff,
                status=ReportStatus.ACKNOWLEDGED,
                text="Thank you, we have passed this to the team.",
                created_at=report.created_at + timedelta(hours=ack),
            )
        )
    if report.status == ReportStatus.IN_PROGRESS and ack is not None:
        updates.append(
            ReportUpdate(
                report=report,
                author=staff,
                status=ReportStatus.IN_PROGRESS,
                text="A crew is booked to fix this.",
                created_at=report.created_at + timedelta(hours=ack + 24),
            )
        )
    if closed is not None:
        texts = {
            CloseReason.FIXED: "Repaired by the highways crew.",
            CloseReason.NOT_RESPONSIBLE: "This belongs to the rail company; we have told them.",
            CloseReason.DUPLICATE: "Already reported nearby; we are dealing with it there.",
        }
        updates.append(
            ReportUpdate(
                report=report,
                author=staff,
                status=ReportStatus.CLOSED,
                close_reason=report.close_reason,
                text=texts[CloseReason(report.close_reason)],
                created_at=report.created_at + timedelta(hours=closed),
            )
        )
    if report.status != ReportStatus.CLOSED and closed is None and rng.random() < 0.05:
        report.reopened_count = 1
        report.save(update_fields=["reopened_count"])
    ReportUpdate.objects.bulk_create(updates)


RATING_COMMENTS = {
    1: "Reported it twice and nothing happened.",
    2: "Took weeks to get a reply.",
    3: "Fixed in the end, but slowly.",
    4: "Quick and polite.",
    5: "Sorted within two days, thank you!",
}


def _ratings(city: City, categories: dict[str, ReportCategory]) -> None:
    if Rating.objects.filter(organisation=city.organisations["riverton-council"]).exists():
        return
    rng = random.Random(5)
    staff = city.people["staff"]
    subjects: list[dict[str, Any]] = [{"category": c} for c in categories.values()]
    subjects.append({"initiative": city.initiatives["eastbank-garden"]})
    subjects.append({"place": city.districts["eastbank"]})
    for _index in range(60):
        subject = rng.choice(subjects)
        organisation = (
            subject["initiative"].organisation
            if "initiative" in subject
            else city.organisations["riverton-council"]
        )
        score = rng.choices(range(1, 6), weights=[2, 3, 4, 6, 5])[0]
        rating = Rating.objects.create(
            organisation=organisation,
            person=rng.choice(city.residents),
            score=score,
            comment=RATING_COMMENTS[score] if rng.random() < 0.7 else "",
            created_at=timezone.now() - timedelta(days=rng.uniform(1, 90)),
            **subject,
        )
        if score <= 2 and rating.comment and rng.random() < 0.6:
            rating.we_did = (
                "You told us replies were slow: we now acknowledge every report within "
                "two working days, and publish how we are doing on the reports page."
            )
            rating.we_did_by = staff
            rating.we_did_at = rating.created_at + timedelta(days=7)
            rating.save()


QUESTIONS: list[tuple[str, str, bool, list[str], tuple[int, str] | None]] = [
    (
        "single",
        "How often do you visit the garden?",
        True,
        ["Every week", "Every month", "A few times a year", "Never"],
        None,
    ),
    ("text", "What stops you from visiting?", False, [], (1, "Never")),
    ("likert", "The garden is well looked after", False, [], None),
    (
        "multiple",
        "What do you use the garden for?",
        False,
        ["Growing food", "Relaxing", "Meeting neighbours", "Children's play", "Volunteering"],
        None,
    ),
    ("number", "How many minutes does it take you to walk there?", False, [], None),
    ("text", "What one thing would make the garden better?", False, [], None),
]


def _survey(city: City) -> Survey | None:
    activity = city.activities.get("garden-survey")
    if activity is None:
        return None
    survey, _created = Survey.objects.update_or_create(
        activity=activity,
        defaults={
            "intro": "Eastside Neighbours and the council want to know how the garden is "
            "working for you. It takes three minutes.",
            "one_per_person": True,
        },
    )
    questions: list[Question] = []
    for order, (kind, prompt, required, choices, condition) in enumerate(QUESTIONS, 1):
        show_if = questions[condition[0] - 1] if condition else None
        question, _created = Question.objects.update_or_create(
            survey=survey,
            prompt=prompt,
            defaults={
                "order": order,
                "kind": kind,
                "required": required,
                "choices": choices,
                "show_if": show_if,
                "show_if_value": condition[1] if condition else "",
            },
        )
        questions.append(question)
    if not survey.responses.exists():
        _responses(survey, questions, city)
    return survey


def _responses(survey: Survey, questions: list[Question], city: City) -> None:
    rng = random.Random(42)
    profiles = {d.person_id: d.values for d in Demographics.objects.all()}
    ideas = ["More benches", "A water tap near the beds", "Evening opening", "A shed for tools"]
    for person in rng.sample(city.residents, 48):
        profile = profiles.get(person.pk, {})
        older = profile.get("age_band", "") in {"55-64", "65-74", "75+"}
        visit = rng.choices(QUESTIONS[0][3], weights=[5, 3, 2, 1] if older else [2, 3, 3, 3])[0]
        response = SurveyResponse.objects.create(
            survey=survey, person=person, once_key=person.pk, profile=profile
        )
        values: dict[int, Any] = {questions[0].pk: visit}
        if visit == "Never":
            values[questions[1].pk] = rng.choice(["Too far", "Did not know about it", "No time"])
        else:
            values[questions[2].pk] = rng.choices(range(1, 6), weights=[1, 1, 2, 5, 3])[0]
            values[questions[3].pk] = sorted(set(rng.sample(QUESTIONS[3][3], 2)))
            values[questions[4].pk] = rng.randrange(3, 30)
            values[questions[5].pk] = rng.choice(ideas)
        Answer.objects.bulk_create(
            Answer(response=response, question_id=pk, value=value) for pk, value in values.items()
        )


def _panel(city: City) -> Panel | None:
    activity = city.activities.get("peer-panel")
    if activity is None:
        return None
    panel, created = Panel.objects.get_or_create(
        activity=activity,
        defaults={
            "topic": "Do peer support groups reach the people who need them most?",
            "plan": "Questions: who comes, who does not, and why? Methods: visit four groups, "
            "interview twelve service users and six staff, and look at referral data by area.",
            "stage": WheelStage.JUDGING,
            "recruitment": "lottery",
            "seats": 8,
        },
    )
    if not created:
        return panel
    rng = random.Random(8)
    for person in rng.sample(city.residents, 8):
        PanelMember.objects.create(panel=panel, person=person, role="citizen", status="selected")
    PanelMember.objects.create(
        panel=panel, person=city.people["care"], role="staff", status="selected"
    )
    for kind, title, summary in [
        ("visit", "Visits to four peer groups", "Two groups were full; one had three people."),
        ("interview", "Interviews with 12 service users", "Most heard of the groups by chance."),
        ("data", "Referrals by district, last 12 months", "Eastbank refers a third as many."),
    ]:
        PanelEvidence.objects.create(panel=panel, kind=kind, title=title, summary=summary)
    PanelFinding.objects.create(
        panel=panel,
        text="People in Eastbank are far less likely to be referred to a group.",
        score=2,
    )
    return panel


def _links(city: City) -> None:
    crossing = Commitment.objects.filter(title="Repair the Station Road crossing").first()
    reports = Report.objects.filter(category__code="pothole").order_by("pk")[:3]
    if crossing is not None:
        for report in reports:
            lineage_link(source=report, target=crossing, kind=LineageKind.LED_TO)
    rating = Rating.objects.filter(initiative=city.initiatives["eastbank-garden"]).first()
    water = Commitment.objects.filter(title="Fit a water supply to the garden").first()
    if rating is not None and water is not None:
        lineage_link(source=rating, target=water, kind=LineageKind.LED_TO)


def load(city: City) -> None:
    """Load or refresh the co-assessment demo data."""
    categories = _categories(city)
    _reports(city, categories)
    _ratings(city, categories)
    _survey(city)
    _panel(city)
    _links(city)
    _following(city)


def _following(city: City) -> None:
    """The demo resident follows two open reports of other people's and has heard of one."""
    from django.utils.translation import gettext as _

    from coproduce.accounts.following import follow_start
    from coproduce.accounts.models import Notification

    resident = city.people.get("resident")
    if resident is None or Notification.objects.filter(person=resident).exists():
        return
    reports = (
        Report.objects.exclude(reporter=resident)
        .exclude(status=ReportStatus.CLOSED)
        .select_related("category")
        .order_by("-created_at", "-pk")[:2]
    )
    for report in reports:
        follow_start(person=resident, target=report)
    if reports:
        report = reports[0]
        # Written directly, as a past event: the demo sends no e-mail.
        Notification.objects.create(
            person=resident,
            event="report.status",
            subject=_("Report %(id)s: %(status)s")
            % {"id": report.pk, "status": report.get_status_display()},
            body=_("A crew is booked to look at it this week."),
            url=report.get_absolute_url(),
        )
