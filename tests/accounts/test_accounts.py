"""A person's own account: export, deletion that keeps every count, optional demographics."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from coproduce.accounts.models import DemographicConsent, Demographics, Person
from coproduce.accounts.services import (
    demographics_give,
    demographics_withdraw,
    person_delete,
    person_export,
)
from coproduce.initiatives.models import Channel, Co, Contribution, Mode
from coproduce.initiatives.selectors import participation_summary
from coproduce.initiatives.services import contribution_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(activity_in):
    return activity_in(Co.ASSESSMENT, "survey")


def test_deleting_an_account_keeps_every_contribution_and_count(resident, other_resident, survey):
    for person in (resident, resident, other_resident):
        contribution_record(person=person, activity=survey, kind="response", mode=Mode.VOICE)
    before = participation_summary()
    person_delete(resident)
    assert participation_summary() == before
    assert Contribution.objects.count() == 3
    assert Contribution.objects.filter(person=None).count() == 2


def test_deleting_an_account_erases_personal_data(resident):
    demographics_give(person=resident, values={"sex": "female"})
    person_delete(resident)
    resident.refresh_from_db()
    assert resident.email.endswith("@invalid.invalid")
    assert not resident.is_active and not resident.has_usable_password()
    assert resident.date_of_birth is None and resident.display_name == ""
    assert not Demographics.objects.exists() and not DemographicConsent.objects.exists()
    assert resident.public_name == "Former participant"


def test_the_export_holds_the_account_and_its_contributions(resident, survey):
    contribution_record(person=resident, activity=survey, kind="response", mode=Mode.VOICE)
    data = person_export(resident)
    assert data["account"]["email"] == resident.email
    assert data["contributions"][0]["activity"] == survey.title
    json.dumps(data)


def test_the_export_downloads_as_json(client, resident):
    client.force_login(resident)
    response = client.get(reverse("accounts:export"))
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content)["account"]["email"] == resident.email


def test_deleting_through_the_page_needs_confirmation(client, resident):
    client.force_login(resident)
    response = client.post(reverse("accounts:delete"), {})
    assert response.status_code == 200
    assert Person.objects.get(pk=resident.pk).is_active
    response = client.post(reverse("accounts:delete"), {"confirm": "on"})
    assert response.status_code == 302
    assert not Person.objects.get(pk=resident.pk).is_active


def test_demographics_are_kept_only_with_consent_and_erased_on_withdrawal(client, resident):
    client.force_login(resident)
    response = client.post(reverse("accounts:demographics"), {"sex": "female"})
    assert response.status_code == 200 and not Demographics.objects.exists()
    client.post(reverse("accounts:demographics"), {"sex": "female", "consent": "on"})
    assert Demographics.objects.get(person=resident).values == {"sex": "female"}
    demographics_withdraw(person=resident)
    assert not Demographics.objects.exists()
    assert DemographicConsent.objects.get(person=resident).withdrawn_at is not None


def test_unknown_demographic_keys_are_dropped(resident):
    record = demographics_give(person=resident, values={"sex": "male", "religion": "x"})
    assert record.values == {"sex": "male"}


def test_assisted_contributions_must_say_who_entered_them(resident, survey):
    with pytest.raises(ValueError, match="who entered them"):
        contribution_record(
            person=resident,
            activity=survey,
            kind="response",
            mode=Mode.VOICE,
            channel=Channel.PAPER,
        )


@pytest.mark.parametrize("language", ["en-gb", "es", "de"])
def test_saving_the_account_form_as_the_browser_sends_it_keeps_the_date_of_birth(
    client, resident, language
):
    import re
    from datetime import date

    resident.date_of_birth = date(1984, 5, 17)
    resident.save(update_fields=["date_of_birth"])
    client.force_login(resident)
    client.cookies["django_language"] = language
    page = client.get(reverse("accounts:account")).content.decode()
    value = re.search(r'name="date_of_birth"[^>]*value="([^"]*)"', page) or re.search(
        r'value="([^"]*)"[^>]*name="date_of_birth"', page
    )
    assert value is not None and value.group(1) == "1984-05-17"  # what <input type=date> reads
    client.post(
        reverse("accounts:account"),
        {"display_name": "Rita", "date_of_birth": value.group(1)},
    )
    resident.refresh_from_db()
    assert resident.date_of_birth == date(1984, 5, 17) and resident.display_name == "Rita"
