"""Feedback on the service: anyone sends it, staff with their second factor read it."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from coproduce.accounts.services import person_delete, person_export
from coproduce.audit.models import AuditEvent
from coproduce.web.models import FEEDBACK_TEXT, Feedback
from coproduce.web.selectors import feedback_for_user
from coproduce.web.services import feedback_mark_read, feedback_submit

pytestmark = pytest.mark.django_db


def test_feedback_sent_signed_out_is_stored_with_the_page_it_came_from(client: Any) -> None:
    url = reverse("web:feedback") + "?from=/budgets/"
    form = client.get(url).content.decode()
    assert 'name="page" value="/budgets/"' in form
    response = client.post(
        url, {"text": "The map is hard to use", "email": "a@example.org", "page": "/budgets/"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("web:feedback_thanks") + "?from=%2Fbudgets%2F"
    stored = Feedback.objects.get()
    assert (stored.text, stored.email, stored.page, stored.person) == (
        "The map is hard to use",
        "a@example.org",
        "/budgets/",
        None,
    )


def test_feedback_sent_signed_in_names_the_person(client: Any, resident: Any) -> None:
    client.force_login(resident)
    client.post(reverse("web:feedback"), {"text": "Good", "page": "/"})
    assert Feedback.objects.get().person == resident


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Enter your feedback"),
        ("   ", "Enter your feedback"),
        ("x" * (FEEDBACK_TEXT + 1), f"Your feedback must be {FEEDBACK_TEXT} characters or fewer"),
    ],
)
def test_empty_or_too_long_feedback_is_refused_with_a_message_and_nothing_stored(
    client: Any, text: str, message: str
) -> None:
    response = client.post(reverse("web:feedback"), {"text": text, "page": "/"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert message in html
    assert not Feedback.objects.exists()


def test_a_post_with_no_fields_at_all_is_refused_with_a_message(client: Any) -> None:
    response = client.post(reverse("web:feedback"), {})
    assert "Enter your feedback" in response.content.decode()
    assert not Feedback.objects.exists()


def test_a_bad_email_address_is_refused(client: Any) -> None:
    response = client.post(reverse("web:feedback"), {"text": "Hi", "email": "not an address"})
    assert "Enter an email address in the correct format" in response.content.decode()
    assert not Feedback.objects.exists()


def test_a_robot_filling_the_hidden_field_is_thanked_and_nothing_stored(client: Any) -> None:
    response = client.post(
        reverse("web:feedback"), {"text": "Buy pills", "website": "http://spam.example"}
    )
    assert response.status_code == 302
    assert not Feedback.objects.exists()


def test_a_page_elsewhere_is_not_kept_as_where_feedback_came_from() -> None:
    for page in ("https://evil.example/", "//evil.example/", "javascript:alert(1)"):
        assert feedback_submit(text="Hi", page=page).page == ""


def test_the_service_refuses_empty_text() -> None:
    with pytest.raises(ValidationError):
        feedback_submit(text=" ")
    assert not Feedback.objects.exists()


def test_staff_with_their_second_factor_read_feedback_and_mark_it_read(
    client: Any, organiser: Any, with_second_factor: Any
) -> None:
    item = feedback_submit(text="The vote page is slow", page="/budgets/1/vote/")
    with_second_factor(organiser)
    client.force_login(organiser)
    html = client.get(reverse("web:feedback_list")).content.decode()
    assert "The vote page is slow" in html
    assert 'href="/budgets/1/vote/"' in html
    response = client.post(reverse("web:feedback_read", args=[item.pk]))
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.read_by == organiser and item.read_at is not None
    assert AuditEvent.objects.filter(action="feedback.read", actor=organiser).exists()
    unread = client.get(reverse("web:feedback_list") + "?show=unread").content.decode()
    assert "The vote page is slow" not in unread


def test_the_site_administrator_reads_feedback(
    client: Any, make_person: Any, with_second_factor: Any
) -> None:
    admin = make_person("admin", is_superuser=True, is_staff=True)
    feedback_submit(text="Hello")
    with_second_factor(admin)
    client.force_login(admin)
    assert "Hello" in client.get(reverse("web:feedback_list")).content.decode()


def test_residents_and_other_roles_are_refused_the_feedback_page(
    client: Any, resident: Any, moderator: Any, with_second_factor: Any
) -> None:
    item = feedback_submit(text="Private")
    client.force_login(resident)
    assert client.get(reverse("web:feedback_list")).status_code == 403
    assert client.post(reverse("web:feedback_read", args=[item.pk])).status_code == 403
    with_second_factor(moderator)
    client.force_login(moderator)
    assert client.get(reverse("web:feedback_list")).status_code == 403
    item.refresh_from_db()
    assert item.read_at is None


def test_signed_out_visitors_are_sent_to_sign_in(client: Any) -> None:
    response = client.get(reverse("web:feedback_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_staff_without_their_second_factor_are_sent_to_set_it_up(
    client: Any, organiser: Any
) -> None:
    item = feedback_submit(text="Private")
    client.force_login(organiser)
    response = client.get(reverse("web:feedback_list"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    assert client.post(reverse("web:feedback_read", args=[item.pk])).status_code == 302
    item.refresh_from_db()
    assert item.read_at is None


def test_the_selector_refuses_a_resident(resident: Any) -> None:
    with pytest.raises(PermissionDenied):
        feedback_for_user(resident)


def test_feedback_is_in_the_persons_export_and_goes_with_their_account(
    resident: Any, organiser: Any
) -> None:
    feedback_submit(text="Mine", email="r@example.org", page="/", person=resident)
    read = feedback_submit(text="Someone else's")
    feedback_mark_read(feedback=read, actor=organiser)
    data = json.loads(json.dumps(person_export(resident)))
    assert data["feedback"] == [
        {
            "text": "Mine",
            "email": "r@example.org",
            "page": "/",
            "created_at": data["feedback"][0]["created_at"],
        }
    ]
    person_delete(person=resident)
    person_delete(person=organiser)
    assert list(Feedback.objects.values_list("text", "read_by")) == [("Someone else's", None)]


def test_the_footer_links_staff_to_the_feedback_they_read_and_residents_not(
    client: Any, resident: Any, organiser: Any
) -> None:
    link = f'href="{reverse("web:feedback_list")}"'
    client.force_login(resident)
    assert link not in client.get("/").content.decode()
    client.force_login(organiser)
    assert link in client.get("/").content.decode()
