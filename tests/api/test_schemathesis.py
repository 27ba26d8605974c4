"""The whole API under schemathesis: no server error and no response the document does not
declare, for the public and for a staff token, with a bounded, derandomised set of examples."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings

from coproduce.api.services import token_issue
from coproduce.governance.services import commitment_create

pytestmark = pytest.mark.django_db

EXAMPLES_PER_OPERATION = 20


@pytest.fixture
def staff_token(council: Any, organiser: Any, initiative: Any) -> str:
    commitment_create(
        title="Plant 100 trees", organisation=council, owner="organisation", actor=organiser
    )
    return token_issue(person=organiser, name="schemathesis")


# Reading the document needs no database, so it is loaded once, when the tests are collected.
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_answers_only_what_it_documents(case: Any, staff_token: str) -> None:
    case.call_and_validate()
    case.call_and_validate(headers={"Authorization": f"Bearer {staff_token}"})
