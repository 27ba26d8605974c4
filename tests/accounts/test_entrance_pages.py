"""Sign-in, sign-up and second-factor pages look and behave like the rest of the site."""

from __future__ import annotations

import re
from typing import Any

import pytest

pytestmark = pytest.mark.django_db


def _visible_inputs(page: str) -> list[str]:
    inputs = re.findall(r"<input[^>]*>", page)
    return [i for i in inputs if 'type="hidden"' not in i and 'name="language"' not in i]


@pytest.mark.parametrize(
    "url", ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"]
)
def test_the_entrance_forms_use_the_design_system(client: Any, url: str) -> None:
    page = client.get(url).content.decode()
    inputs = _visible_inputs(page)
    assert inputs, "the form has fields"
    for tag in inputs:
        assert "govuk-input" in tag or "govuk-checkboxes__input" in tag, tag
    assert "<p><label" not in page  # Django's as_p default is gone
    assert re.search(r'<label class="govuk-label[^"]*" for="id_', page)


def test_a_wrong_password_is_shown_in_an_error_summary(client: Any, resident: Any) -> None:
    page = client.post(
        "/accounts/login/", {"login": resident.email, "password": "not it"}
    ).content.decode()
    assert "govuk-error-summary" in page and "There is a problem" in page


def test_the_second_factor_page_uses_the_design_system(
    client: Any, organiser: Any, with_second_factor: Any
) -> None:
    with_second_factor(organiser)
    response = client.post(
        "/accounts/login/", {"login": organiser.email, "password": "correct horse battery"}
    )
    assert response.status_code == 302 and "/2fa/authenticate" in response["Location"]
    page = client.get(response["Location"]).content.decode()
    code = [i for i in _visible_inputs(page) if 'name="code"' in i]
    assert code and "govuk-input" in code[0]
    assert 'class="govuk-button' in page
