"""The whole API under schemathesis: no server error and no response the document does not
declare, for the public and for a staff token, with a bounded, derandomised set of examples.

Each generated case is sent twice: as generated and anonymous, then with a staff token and
the path's ids pointing at real rows, so writes and detail pages run past their lookups.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import positive_data_acceptance

from coproduce.api.services import token_issue
from coproduce.governance.services import commitment_create

pytestmark = pytest.mark.django_db

EXAMPLES_PER_OPERATION = 10

application = get_wsgi_application()


def in_test_transaction(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    """Django's WSGI application, without closing the test's database connection at the start
    and end of each request (inside the test's transaction PostgreSQL's would be closed), as
    Django's own test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        response = application(environ, start_response)
        try:
            return [b"".join(response)]
        finally:
            response.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


# Reading the document needs no database, so it is loaded once, when the tests are collected.
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", in_test_transaction)


@pytest.fixture
def real_ids(council: Any, organiser: Any, initiative: Any, activity_in: Any) -> dict[str, Any]:
    """Path parameters naming real rows, by path."""
    from coproduce.commissioning.services.rounds import round_create
    from coproduce.delivery.services.setup import opportunity_create

    commitment = commitment_create(
        title="Plant 100 trees", organisation=council, owner="organisation", actor=organiser
    )
    round_ = round_create(
        activity=activity_in("commissioning", "budgeting_round", title="Park budget"),
        actor=None,
        total_budget=100_000,
        areas=(),
    )
    programme = opportunity_create(
        activity=activity_in("delivery", "volunteering", title="Park volunteers"),
        actor=organiser,
        approach="peer_support",
    )
    from coproduce.design.services.ideas import idea_board_set_up
    from coproduce.design.services.opinions import opinion_map_create

    board = idea_board_set_up(
        activity=activity_in("design", "ideas", title="Ideas"), actor=organiser, threshold=2
    )
    opinions = opinion_map_create(
        activity=activity_in("design", "opinion_map", title="Opinions"),
        actor=organiser,
        question="What next?",
    )
    return {
        "/api/design/ideas/{activity_id}": {"activity_id": board.activity_id},
        "/api/design/opinions/{activity_id}": {"activity_id": opinions.activity_id},
        "/api/places/{slug}": {"slug": council.place.slug},
        "/api/initiatives/{slug}": {"slug": initiative.slug},
        "/api/commitments/{pk}": {"pk": commitment.pk},
        "/api/commitments/{pk}/updates": {"pk": commitment.pk},
        "/api/budgets/{round_id}": {"round_id": round_.pk},
        "/api/volunteering/{activity_id}": {"activity_id": programme.activity_id},
    }


@pytest.fixture
def staff_token(organiser: Any) -> str:
    return token_issue(person=organiser, name="schemathesis")


def test_every_path_with_parameters_has_real_ids(real_ids: dict[str, Any]) -> None:
    paths = {result.ok().path for result in schema.get_all_operations()}
    assert {path for path in paths if "{" in path} == set(real_ids)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_answers_only_what_it_documents(
    case: Any, staff_token: str, real_ids: dict[str, Any]
) -> None:
    # A write can be well formed and still break a rule the document cannot express (a
    # commitment that is done is 100 % complete): its 422 is declared, not a failure.
    rules = [positive_data_acceptance] if case.method in ("POST", "PATCH") else []
    case.call_and_validate(excluded_checks=rules)
    if case.operation.path in real_ids:
        case.path_parameters = {**(case.path_parameters or {}), **real_ids[case.operation.path]}
    case.call_and_validate(
        headers={"Authorization": f"Bearer {staff_token}"}, excluded_checks=rules
    )
