"""Bad input never gives a 500: hostile query values replayed over every public page and API list.

The URLs come from the resolver, so a new page is covered (or must be listed as staff-only)
the day it is added; the query names each page reads are recorded while it renders.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from django.http import QueryDict
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

pytestmark = pytest.mark.django_db

# Each value is sent raw in the query string: already escaped, or deliberately malformed.
HOSTILE = {
    "nul": "a%00b",
    "1e309": "1e309",
    "nan": "NaN",
    "far-future": "9999-12-31",
    "impossible-date": "2026-02-30",
    "ten-to-the-23": str(10**23),
    "superscript-digit": quote("²"),
    "5000-digits": "9" * 5000,
    "malformed-escape": "%zz%",
    "not-utf8": "%ff%E2%82%ED%A0%80",
}

# Pages a resident or the public can reach; staff pages have their own permission tests.
STAFF_ONLY = ("staff/", "admin/")


def _patterns(
    patterns: list[URLPattern | URLResolver], prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, str]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(n for n in (namespace, pattern.namespace or "") if n)
            yield from _patterns(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif pattern.name:
            yield prefix + str(pattern.pattern), f"{namespace}:{pattern.name}".lstrip(":")


def public_url_names() -> dict[str, str]:
    """Every named URL pattern that is not staff-only, by name, with its route."""
    return {
        name: route
        for route, name in _patterns(get_resolver().url_patterns)
        if not route.startswith(STAFF_ONLY)
    }


@dataclass
class World:
    """One of everything a public page can show."""

    values: dict[str, Any]

    def __getattr__(self, name: str) -> Any:
        return self.values[name]


def _meeting(activity_in: Any, organiser: Any) -> Any:
    from coproduce.design.services.meetings import meeting_set_up

    starts = timezone.now() + timedelta(days=2)
    return meeting_set_up(
        activity=activity_in("design", "meeting", title="Workshop", ends_at=None),
        actor=organiser,
        mode="online",
        online_url="https://meet.example.org/w",
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        capacity=2,
    )


@pytest.fixture
def world(
    city: Any, council: Any, initiative: Any, resident: Any, organiser: Any, activity_in: Any
) -> World:
    from coproduce.assessment.models import ReportCategory
    from coproduce.assessment.services.keys import api_key_create
    from coproduce.assessment.services.panels import panel_create
    from coproduce.assessment.services.ratings import rating_create
    from coproduce.assessment.services.reports import ReportInput, report_create
    from coproduce.assessment.services.surveys import survey_create
    from coproduce.commissioning.models import PaymentMethod, Proposal, ProposalStatus
    from coproduce.commissioning.services.personal import LineSpec, change_propose, plan_create
    from coproduce.commissioning.services.priorities import exercise_create
    from coproduce.commissioning.services.rounds import round_create
    from coproduce.delivery.services.setup import opportunity_create, role_add, shift_add
    from coproduce.delivery.services.timebank import bank_join, listing_create, timebank_create
    from coproduce.design.services.ideas import idea_board_set_up, idea_submit
    from coproduce.design.services.opinions import opinion_map_create, statement_seed
    from coproduce.discussion.services import comment_post
    from coproduce.evaluation.services import logic_model_create
    from coproduce.governance.charter_services import charter_create
    from coproduce.governance.services import commitment_create

    channel = activity_in("assessment", "report_channel", title="Report a problem")
    category = ReportCategory.objects.create(
        organisation=council, activity=channel, code="pothole", name="Pothole"
    )
    report = report_create(
        data=ReportInput(category=category, description="A hole", lon=0.25, lat=51.25),
        reporter=resident,
    )
    round_ = round_create(
        activity=activity_in("commissioning", "budgeting_round", title="Park budget"),
        actor=None,
        total_budget=100_000,
        areas=(),
    )
    proposal = Proposal.objects.create(
        round=round_,
        area=round_.areas.first(),
        title="Benches",
        description="Benches.",
        estimated_cost=10_000,
        status=ProposalStatus.FEASIBLE,
    )
    plan = plan_create(
        person=resident,
        professional=organiser,
        organisation=council,
        title="A plan",
        allocation=8_400_00,
        actor=organiser,
    )
    change = change_propose(
        plan=plan,
        actor=organiser,
        outcomes="Get out more",
        lines=[LineSpec("Day centre", 8_400_00, PaymentMethod.DIRECT)],
        review_date=date(2027, 1, 1),
    )
    exercise = exercise_create(
        activity=activity_in("commissioning", "priority_setting", title="Youth budget"),
        total=1_000_00,
        step=10_00,
        areas=[("Clubs", "Youth clubs", 500_00, [(0, "Close"), (500_00, "Stay open")])],
        actor=organiser,
    )
    panel = panel_create(
        activity=activity_in("assessment", "scrutiny_panel", title="Panel"), actor=organiser
    )
    _key, open311_key = api_key_create(name="App", actor=None, hourly_limit=10_000)
    opinion_map = opinion_map_create(
        activity=activity_in("design", "opinion_map", title="Opinion map"),
        actor=organiser,
        question="How should the park work?",
    )
    statement_seed(opinion_map=opinion_map, actor=organiser, text="More benches")
    idea_board = idea_board_set_up(
        activity=activity_in("design", "ideas", title="Ideas"), actor=organiser, threshold=2
    )
    idea = idea_submit(board=idea_board, person=resident, title="More benches", text="Seats.")
    from coproduce.design.services.appraisal import appraisal_set_up, group_add

    appraisal_group = group_add(
        appraisal=appraisal_set_up(
            activity=activity_in("design", "appraisal", title="Layouts"),
            actor=organiser,
            question="Which layout?",
        ),
        actor=organiser,
        name="Traders",
    )
    opportunity = opportunity_create(
        activity=activity_in("delivery", "volunteering", title="Volunteers"),
        actor=organiser,
        approach="peer_support",
    )
    shift = shift_add(
        opportunity=opportunity,
        actor=organiser,
        role=role_add(opportunity=opportunity, actor=organiser, name="Helper"),
        starts_at=timezone.now() + timedelta(days=2),
        ends_at=timezone.now() + timedelta(days=2, hours=2),
        capacity=2,
    )
    time_bank = timebank_create(organisation=council, actor=organiser, name="Hours")
    bank_join(bank=time_bank, person=resident)
    listing = listing_create(
        bank=time_bank, person=resident, kind="offer", title="Tea", category="care"
    )
    return World(
        {
            "city": city,
            "time_bank": time_bank,
            "listing": listing,
            "council": council,
            "initiative": initiative,
            "activity": channel,
            "commitment": commitment_create(
                title="Plant trees", organisation=council, owner="organisation", actor=organiser
            ),
            "charter": charter_create(
                actor=organiser,
                organisation=council,
                title="Parks charter",
                text="Together.",
                community_kind="panel",
                community_name="Parks panel",
            ),
            "category": category,
            "report": report,
            "rating": rating_create(person=resident, score=4, category=category),
            "survey": survey_create(
                activity=activity_in("assessment", "survey", title="Survey"), actor=organiser
            ),
            "panel": panel,
            "round": round_,
            "proposal": proposal,
            "plan": plan,
            "change": change,
            "exercise": exercise,
            "open311_key": open311_key,
            "opinion_map": opinion_map,
            "idea": idea,
            "comment": comment_post(person=resident, target=idea, body="Good idea."),
            "appraisal_group": appraisal_group,
            "opportunity": opportunity,
            "shift": shift,
            "meeting": _meeting(activity_in, organiser),
            "logic_model": logic_model_create(actor=organiser, initiative=initiative),
        }
    )


def _appraisal_token(group: Any) -> str:
    from coproduce.design.services.appraisal import invitation_token

    return invitation_token(group)


def url_arguments(world: World) -> dict[str, dict[str, Any]]:
    """The arguments of every public URL that takes any: a real object wherever one exists."""
    return {
        "web:initiative": {"slug": world.initiative.slug},
        "evaluation:logic_model": {"slug": world.logic_model.initiative.slug},
        "web:activity": {"pk": world.activity.pk},
        "web:place": {"slug": world.city.slug},
        "web:organisation": {"slug": world.council.slug},
        "web:commitment": {"pk": world.commitment.pk},
        "web:commitment_follow": {"pk": world.commitment.pk},
        "web:charter": {"pk": world.charter.pk},
        "web:charter_comment": {"pk": world.charter.pk},
        "web:charter_sign": {"pk": world.charter.pk},
        "web:charter_review": {"pk": world.charter.pk},
        "commissioning:round": {"pk": world.round.pk},
        "commissioning:proposal_new": {"pk": world.round.pk},
        "commissioning:duplicates": {"pk": world.round.pk},
        "commissioning:ballot": {"pk": world.round.pk},
        "commissioning:receipt": {"pk": world.round.pk},
        "commissioning:receipts": {"pk": world.round.pk},
        "commissioning:results": {"pk": world.round.pk},
        "commissioning:progress": {"pk": world.round.pk},
        "commissioning:proposal": {"pk": world.proposal.pk},
        "commissioning:proposal_support": {"pk": world.proposal.pk},
        "commissioning:priorities": {"pk": world.exercise.pk},
        "commissioning:priority_results": {"pk": world.exercise.pk},
        "commissioning:plan": {"pk": world.plan.pk},
        "commissioning:plan_change": {"pk": world.plan.pk},
        "commissioning:plan_decide": {"pk": world.change.pk},
        "commissioning:plan_spending": {"pk": world.plan.pk},
        "assessment:report": {"pk": world.report.pk},
        "assessment:report_photo": {"pk": world.report.pk},
        "assessment:report_me_too": {"pk": world.report.pk},
        "assessment:report_fixed": {"pk": world.report.pk},
        "assessment:rating": {"pk": world.rating.pk},
        "assessment:survey": {"pk": world.survey.pk},
        "assessment:survey_results": {"pk": world.survey.pk},
        "assessment:survey_export": {"pk": world.survey.pk},
        "assessment:panel": {"pk": world.panel.pk},
        "assessment:panel_apply": {"pk": world.panel.pk},
        "assessment:panel_work": {"pk": world.panel.pk},
        "assessment:panel_advance": {"pk": world.panel.pk},
        "assessment:evidence_file": {"pk": 1},
        "assessment:recommendation_respond": {"pk": 1},
        "open311:discovery": {"fmt": "json"},
        "open311:services": {"fmt": "json"},
        "design:opinion_map": {"activity_pk": world.opinion_map.activity_id},
        "design:opinion_vote": {"activity_pk": world.opinion_map.activity_id},
        "design:statement_submit": {"activity_pk": world.opinion_map.activity_id},
        "design:idea_board": {"activity_pk": world.idea.board.activity_id},
        "design:idea_new": {"activity_pk": world.idea.board.activity_id},
        "design:idea_duplicates": {"activity_pk": world.idea.board.activity_id},
        "design:idea": {"activity_pk": world.idea.board.activity_id, "idea_pk": world.idea.pk},
        "design:idea_support": {
            "activity_pk": world.idea.board.activity_id,
            "idea_pk": world.idea.pk,
        },
        "discussion:write": {"kind": "design.idea", "pk": world.idea.pk},
        "discussion:comment": {"pk": world.comment.pk},
        "discussion:history": {"pk": world.comment.pk},
        "discussion:edit": {"pk": world.comment.pk},
        "discussion:delete": {"pk": world.comment.pk},
        "discussion:flag": {"pk": world.comment.pk},
        "design:appraisal": {"activity_pk": world.appraisal_group.appraisal.activity_id},
        "design:appraisal_data": {"activity_pk": world.appraisal_group.appraisal.activity_id},
        "design:appraisal_join": {
            "activity_pk": world.appraisal_group.appraisal.activity_id,
            "token": _appraisal_token(world.appraisal_group),
        },
        "design:appraisal_weigh": {
            "activity_pk": world.appraisal_group.appraisal.activity_id,
            "group_pk": world.appraisal_group.pk,
        },
        "open311:service": {"code": world.category.code, "fmt": "json"},
        "open311:requests": {"fmt": "json"},
        "open311:request": {"pk": world.report.pk, "fmt": "json"},
        "open311:token": {"value": str(world.report.token), "fmt": "json"},
        "design:meeting": {"activity_pk": world.meeting.activity_id},
        "design:meeting_register": {"activity_pk": world.meeting.activity_id},
        "design:meeting_withdraw": {"activity_pk": world.meeting.activity_id},
        "design:meeting_invitation": {"activity_pk": world.meeting.activity_id},
        "design:meeting_poll_vote": {"activity_pk": world.meeting.activity_id, "poll_pk": 1},
        "design:meeting_place_calendar": {"slug": world.city.slug},
        "design:meeting_initiative_calendar": {"slug": world.initiative.slug},
        "delivery:opportunity": {"activity_pk": world.opportunity.activity_id},
        "delivery:shift": {"pk": world.shift.pk},
        "delivery:shift_act": {"pk": world.shift.pk},
        "delivery:timebank": {"pk": world.time_bank.pk},
        "delivery:timebank_join": {"pk": world.time_bank.pk},
        "delivery:timebank_listing_new": {"pk": world.time_bank.pk},
        "delivery:timebank_exchange_new": {"pk": world.time_bank.pk},
        "delivery:timebank_statement": {"pk": world.time_bank.pk},
        "delivery:timebank_csv": {"pk": world.time_bank.pk},
        "delivery:timebank_listing": {"pk": world.listing.pk},
        "delivery:timebank_listing_close": {"pk": world.listing.pk},
        "delivery:timebank_exchange_act": {"pk": 1},
        "api:place": {"slug": world.city.slug},
        "api:initiative": {"slug": world.initiative.slug},
        "api:commitment": {"pk": world.commitment.pk},
        "api:commitment_update_api": {"pk": world.commitment.pk},
        "api:budget_round": {"round_id": world.round.pk},
        "accounts:follow": {"kind": "assessment.report", "pk": world.report.pk},
        "accounts:unsubscribe": {"token": "not-a-signed-token"},
        "api:budget_round_configure": {"round_id": world.round.pk},
        "api:volunteering_programme": {"activity_id": world.opportunity.activity_id},
        "api:ideas_board": {"activity_id": world.idea.board.activity_id},
        "api:opinion_map": {"activity_id": world.opinion_map.activity_id},
        "account_confirm_email": {"key": "unknown-key"},
        "account_reset_password_from_key": {"uidb36": "1", "key": "unknown-key"},
    }


class RecordingQueryDict(QueryDict):
    """A query that notes every name a view asks it for."""

    asked: set[str] = set()

    def __getitem__(self, key: str) -> Any:
        self.asked.add(key)
        return super().__getitem__(key)

    def get(self, key: str, default: Any = None) -> Any:
        self.asked.add(key)
        return super().get(key, default)

    def getlist(self, key: str, default: Any = None) -> Any:
        self.asked.add(key)
        return super().getlist(key, default)

    def __contains__(self, key: object) -> bool:
        if isinstance(key, str):
            self.asked.add(key)
        return super().__contains__(key)


@pytest.fixture
def recording_queries(monkeypatch: pytest.MonkeyPatch) -> set[str]:
    """Make every query string and urlencoded form note the names views ask for."""
    monkeypatch.setattr("django.core.handlers.wsgi.QueryDict", RecordingQueryDict)
    monkeypatch.setattr("django.http.request.QueryDict", RecordingQueryDict)
    asked: set[str] = set()
    monkeypatch.setattr(RecordingQueryDict, "asked", asked)
    return asked


def _replay(client: Any, url: str, names: set[str]) -> list[str]:
    """GET ``url`` with each hostile value in each name, and in all names at once."""
    failures = []
    for label, value in HOSTILE.items():
        queries = [f"{name}={value}" for name in sorted(names)]
        if len(queries) > 1:
            queries.append("&".join(queries))
        for query in queries or [f"page={value}"]:
            response = client.get(f"{url}?{query}")
            if response.status_code >= 500:
                failures.append(f"{response.status_code} GET {url}?{query[:80]} ({label})")
    return failures


def test_every_public_url_with_arguments_is_listed(world: World) -> None:
    arguments = url_arguments(world)
    needing = {name for name, route in public_url_names().items() if "<" in route}
    assert needing - arguments.keys() == set(), "add the new URL to url_arguments"


def _api_query_names(client: Any) -> dict[str, set[str]]:
    """Query parameter names of every API operation, by URL name, from the OpenAPI document."""
    document = client.get("/api/openapi.json").json()
    names: dict[str, set[str]] = {}
    for operations in document["paths"].values():
        for operation in operations.values():
            # ninja's operationId ends with the view's name, which is also the URL's name.
            view = operation["operationId"].rsplit("_api_", 1)[-1]
            names[f"api:{view}"] = {
                p["name"] for p in operation.get("parameters", []) if p["in"] == "query"
            }
    return names


# The public URLs in groups of a few dozen, so the parallel runner can share them out.
GROUPS = (
    "web",
    "accounts",
    "commissioning",
    "assessment",
    "design",
    "delivery",
    "evaluation",
    "discussion",
    "open311",
    "api",
    "",
)


def _group(name: str) -> str:
    namespace = name.rpartition(":")[0]
    if namespace in ("tokens", "residency"):  # the account's pages that other apps own
        return "accounts"
    if namespace == "geocode":  # the maps' address search, beside the place pages
        return "web"
    return namespace or ("accounts" if name.startswith(("account_", "mfa_")) else "")


def test_every_url_is_in_a_group() -> None:
    assert {_group(name) for name in public_url_names()} <= set(GROUPS)


@pytest.mark.parametrize("group", GROUPS)
def test_hostile_query_values_never_give_a_server_error(
    client: Any, world: World, recording_queries: set[str], group: str
) -> None:
    """Anonymous on every public URL; signed in as a resident where the public is sent away."""
    from django.urls import reverse

    client.raise_request_exception = False
    arguments = url_arguments(world)
    api_names = _api_query_names(client) if group == "api" else {}
    signed_in = type(client)(raise_request_exception=False)
    signed_in.force_login(world.plan.person)
    failures: list[str] = []
    for name in sorted(n for n in public_url_names() if _group(n) == group):
        url = reverse(name, kwargs=arguments.get(name))
        recording_queries.clear()
        visitor = client
        if client.get(url).status_code == 302:
            visitor = signed_in
            recording_queries.clear()
            visitor.get(url)
        names = set(recording_queries) | api_names.get(name, set()) or {"page"}
        failures += _replay(visitor, url, names)
    assert not failures, "\n".join(failures)


# Posting to these would sign the resident out or delete them, ending the replay early.
NOT_POSTED = {"accounts:delete"}


def base_forms(world: World) -> dict[str, dict[str, str]]:
    """What a form needs before the view reads the rest of it; one hostile field replaces one."""
    return {
        "assessment:report_new": {"description": "A hole", "address": "1 High St"},
        "open311:requests": {
            "api_key": world.open311_key,
            "service_code": world.category.code,
            "description": "A hole",
            "address_string": "1 High St",
        },
    }


# Views that choose their form from the address.
QUERIES = {"assessment:report_new": "?category=pothole", "assessment:rating_new": "?place=testford"}


def _post_replay(client: Any, url: str, base: dict[str, str], names: set[str]) -> list[str]:
    """POST the form with each hostile value in each field the view reads."""
    failures = []
    for label, value in HOSTILE.items():
        for name in sorted(names):
            fields = {**{k: quote(v) for k, v in base.items()}, name: value}
            body = "&".join(f"{k}={v}" for k, v in fields.items())
            response = client.post(url, body, content_type="application/x-www-form-urlencoded")
            if response.status_code >= 500:
                failures.append(f"{response.status_code} POST {url} {name}=({label})")
    return failures


@pytest.mark.parametrize("group", [g for g in GROUPS if g not in ("api", "")])
def test_hostile_form_values_never_give_a_server_error(
    client: Any, world: World, recording_queries: set[str], group: str
) -> None:
    """As a resident, every public form gets each hostile value in each field it reads."""
    from django.urls import reverse

    client.raise_request_exception = False
    client.force_login(world.plan.person)
    arguments, bases = url_arguments(world), base_forms(world)
    failures: list[str] = []
    for name in sorted(public_url_names()):
        if _group(name) != group or name in NOT_POSTED or name.startswith(("account_", "mfa_")):
            continue
        url = reverse(name, kwargs=arguments.get(name)) + QUERIES.get(name, "")
        base = bases.get(name, {"_": "1"})
        recording_queries.clear()
        client.post(url, urlencode(base), content_type="application/x-www-form-urlencoded")
        failures += _post_replay(client, url, base, set(recording_queries) - {"_"})
    assert not failures, "\n".join(failures)


def test_hostile_values_in_the_path_never_give_a_server_error(client: Any, world: World) -> None:
    client.raise_request_exception = False
    failures = []
    for route in public_url_names().values():
        if "<" not in route:
            continue
        for label, value in HOSTILE.items():
            url = "/" + route.split("<", 1)[0] + value
            response = client.get(url)
            if response.status_code >= 500:
                failures.append(f"{response.status_code} GET {url[:80]} ({label})")
    assert not failures, "\n".join(failures)


def test_a_nul_in_the_query_gets_a_page_that_says_why(client: Any) -> None:
    response = client.get("/commitments/?q=a%00b")
    assert response.status_code == 400
    page = response.content.decode()
    assert "<h1" in page and "&#x27;q&#x27; contains a NUL character" in page


def test_an_over_long_query_value_gets_a_page_that_says_why(client: Any) -> None:
    response = client.get("/assessment/reports/", {"category": "x" * 5000})
    assert response.status_code == 400
    assert "longer than 1000 characters" in response.content.decode()


def test_a_nul_in_a_form_field_is_refused_before_the_view_runs(
    client: Any, resident: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    client.force_login(resident)
    response = client.post("/account/tokens/", {"name": "mine\x00"})
    assert response.status_code == 400
    assert not resident.api_tokens.exists()


def test_the_api_answers_bad_input_in_its_own_error_format(client: Any, city: Any) -> None:
    for url in ("/api/commitments?status=%00", "/api/places/%00", "/api/places/x%00y"):
        response = client.get(url)
        assert response.status_code == 400, url
        assert response.json()["error"]["code"] == "bad_request"
        assert "NUL" in response.json()["error"]["message"]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_open311_answers_bad_input_with_its_standard_error(client: Any, fmt: str) -> None:
    import xml.etree.ElementTree as ET

    response = client.get(f"/open311/v2/services.{fmt}?jurisdiction_id=%00")
    assert response.status_code == 400
    if fmt == "json":
        (problem,) = response.json()
        assert problem["code"] == 400 and "NUL" in problem["description"]
    else:
        assert ET.fromstring(response.content).findtext("error/code") == "400"


def test_a_view_that_refuses_input_shows_its_reason(client: Any, resident: Any) -> None:
    client.force_login(resident)
    response = client.post("/account/tokens/", {"revoke": "abc"})
    assert response.status_code == 400
    assert "Choose one of your tokens to revoke." in response.content.decode()


def test_the_handler_for_bad_requests_shows_the_reason_outside_debug(
    client: Any, resident: Any, settings: Any
) -> None:
    settings.DEBUG = False
    client.force_login(resident)
    response = client.post("/account/tokens/", {"revoke": "²"})
    assert response.status_code == 400
    assert "Choose one of your tokens to revoke." in response.content.decode()
