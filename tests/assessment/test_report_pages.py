"""Report pages without JavaScript: choose, report by address, duplicates, "me too", triage."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from coproduce.assessment.models import Report, ReportStatus, ReportSupport
from coproduce.assessment.services.reports import report_triage
from coproduce.initiatives.models import Contribution
from tests.assessment.conftest import LAT, LON

pytestmark = pytest.mark.django_db


def _post(client, category, **extra):
    data = {"description": "Broken paving", "contact": "email", "attr_depth": "5"}
    data.update(extra)
    url = reverse("assessment:report_new") + f"?category={category.code}"
    return client.post(url, data)


def test_reporting_starts_by_choosing_a_category(client, resident, category):
    client.force_login(resident)
    response = client.get(reverse("assessment:report_new"))
    assert category.get_absolute_url().encode().replace(b"&", b"&amp;") in response.content


def test_a_report_by_typed_address_works_without_javascript(client, resident, category):
    client.force_login(resident)
    response = _post(client, category, address="12 High Street", area="south")
    report = Report.objects.get()
    assert response.status_code == 302 and response.url == report.get_absolute_url()
    assert report.place.slug == "south" and report.attributes == {"depth": 5}


def test_a_report_without_any_location_is_sent_back_with_an_error(client, resident, category):
    client.force_login(resident)
    response = _post(client, category)
    assert response.status_code == 200 and b"govuk-error-summary" in response.content
    assert b"drop a pin or type an address" in response.content
    assert not Report.objects.exists()


def test_nearby_open_reports_are_offered_before_a_new_one_is_sent(
    client, resident, other_resident, make_report, category
):
    existing = make_report(resident)
    client.force_login(other_resident)
    response = _post(client, category, lon=LON, lat=LAT + 0.0001)
    assert response.status_code == 200 and Report.objects.count() == 1
    assert b"Has this already been reported?" in response.content
    assert reverse("assessment:report_me_too", args=[existing.pk]).encode() in response.content
    response = _post(client, category, lon=LON, lat=LAT + 0.0001, confirm_new="on")
    assert response.status_code == 302 and Report.objects.count() == 2


def test_me_too_from_the_report_page(client, other_resident, resident, make_report):
    report = make_report(resident)
    client.force_login(other_resident)
    assert b"Me too" in client.get(report.get_absolute_url()).content
    client.post(reverse("assessment:report_me_too", args=[report.pk]))
    assert ReportSupport.objects.filter(report=report, person=other_resident).exists()


def test_the_live_suggestion_returns_nearby_reports(client, resident, make_report, category):
    existing = make_report(resident)
    url = reverse("assessment:duplicates")
    response = client.get(url, {"category": category.code, "lon": LON, "lat": LAT})
    assert str(existing).encode() in response.content
    assert client.get(url, {"category": "x", "lon": "bad"}).status_code == 200
    weird = {"category": category.code, "lon": "inf", "lat": "nan"}
    assert client.get(url, weird).status_code == 200


def test_the_reporter_answers_is_it_fixed_on_the_page(client, resident, organiser, make_report):
    report = make_report(resident)
    report_triage(report=report, actor=organiser, status=ReportStatus.CLOSED, close_reason="fixed")
    client.force_login(resident)
    assert b"Is it fixed?" in client.get(report.get_absolute_url()).content
    client.post(reverse("assessment:report_fixed", args=[report.pk]), {"fixed": "no"})
    report.refresh_from_db()
    assert report.status == ReportStatus.OPEN and report.reopened_count == 1


def test_staff_triage_through_the_staff_page(
    client, organiser, resident, make_report, with_second_factor
):
    report = make_report(resident)
    client.force_login(with_second_factor(organiser))
    url = reverse("assessment_staff:report", args=[report.pk])
    assert client.get(url).status_code == 200
    client.post(url, {"status": "acknowledged", "text": "Seen, thank you."})
    report.refresh_from_db()
    assert report.status == ReportStatus.ACKNOWLEDGED
    assert report.updates.last().text == "Seen, thank you."


def test_phone_reports_are_entered_by_staff(client, organiser, category, with_second_factor):
    client.force_login(with_second_factor(organiser))
    url = reverse("assessment_staff:assisted_report") + f"?category={category.code}"
    response = client.post(
        url,
        {
            "description": "Caller: hole by the school",
            "address": "School Lane",
            "contact": "phone",
            "contact_phone": "01234 000000",
            "attr_depth": "9",
        },
    )
    assert response.status_code == 302
    assert Contribution.objects.get().channel == "assisted"


def test_residents_cannot_open_staff_report_pages(client, resident, make_report):
    report = make_report(resident)
    client.force_login(resident)
    assert client.get(reverse("assessment_staff:report", args=[report.pk])).status_code == 403
    assert client.get(reverse("assessment_staff:home")).status_code == 403


def test_councillors_reach_the_staff_home_for_recommendations_only(
    client, councillor, with_second_factor
):
    client.force_login(with_second_factor(councillor))
    page = client.get(reverse("assessment_staff:home")).content.decode()
    assert "Recommendations awaiting a response" in page and "Reports to triage" not in page


def test_the_triage_queue_lists_open_reports_without_n_plus_one(
    client, organiser, resident, make_report, with_second_factor, django_assert_max_num_queries
):
    for _ in range(8):
        make_report(resident)
    client.force_login(with_second_factor(organiser))
    with django_assert_max_num_queries(15):
        response = client.get(reverse("assessment_staff:home"))
    assert response.content.count(b"/staff/assessment/reports/") >= 8


def test_staff_issue_and_revoke_api_keys_in_the_staff_pages(
    client, organiser, moderator, with_second_factor
):
    from coproduce.assessment.models import ApiKey
    from coproduce.assessment.services.keys import api_key_find
    from coproduce.audit.models import AuditEvent

    client.force_login(with_second_factor(organiser))
    response = client.post(reverse("assessment_staff:api_keys"), {"name": "App", "hourly_limit": 5})
    secret = response.content.decode().split('id="new-key">')[1].split("<")[0]
    key = api_key_find(secret)
    assert key is not None and key.hourly_limit == 5
    client.post(reverse("assessment_staff:api_key_revoke", args=[key.pk]))
    assert api_key_find(secret) is None and ApiKey.objects.get().revoked_at is not None
    assert AuditEvent.objects.filter(action__startswith="apikey.").count() == 2
    client.force_login(with_second_factor(moderator))
    assert client.get(reverse("assessment_staff:api_keys")).status_code == 403


def test_a_report_links_to_a_budgeting_round_and_shows_on_both_pages(
    client, organiser, resident, make_report, activity_in, with_second_factor
):
    report = make_report(resident)
    round_ = activity_in("commissioning", "budgeting_round", title="Streets budget 2027")
    client.force_login(with_second_factor(organiser))
    response = client.post(
        reverse("assessment_staff:report_link", args=[report.pk]),
        {"link-target": f"activity:{round_.pk}", "link-note": "Many reports here"},
    )
    assert response.status_code == 302
    assert "Streets budget 2027" in client.get(report.get_absolute_url()).content.decode()
    assert str(report) in client.get(reverse("web:activity", args=[round_.pk])).content.decode()


def test_asking_for_a_call_needs_a_phone_number(client, resident, category):
    client.force_login(resident)
    response = _post(client, category, address="1 Mill Lane", contact="phone")
    assert b"Give a phone number" in response.content and not Report.objects.exists()
    _post(client, category, address="1 Mill Lane", contact="phone", contact_phone="0123")
    assert Report.objects.get().contact_phone == "0123"


def test_the_report_page_shows_answers_by_their_questions(client, resident, make_report):
    report = make_report(resident, attributes={"depth": "4", "where": "path"})
    page = client.get(report.get_absolute_url()).content.decode()
    assert "How deep is it, in cm?" in page and "On the path" in page


def test_the_co_assessment_front_page_leads_everywhere(client, make_report, resident):
    make_report(resident)
    page = client.get(reverse("assessment:hub")).content.decode()
    assert "1 report is open" in page
    for name in ("assessment:report_new", "assessment:reports", "assessment:ratings"):
        assert reverse(name) in page


def test_the_triage_filter_gives_each_choice_its_own_value_and_new_reports_come_first(
    client, organiser, resident, make_report, with_second_factor
):
    from coproduce.assessment.models import ReportStatus

    older, newer, closed = (make_report(resident, description=f"Report {n}") for n in "ABC")
    older.status = ReportStatus.ACKNOWLEDGED
    older.save(update_fields=["status"])
    closed.status = ReportStatus.CLOSED
    closed.save(update_fields=["status"])
    client.force_login(with_second_factor(organiser))
    page = client.get(reverse("assessment_staff:home")).content.decode()
    values = re.findall(r'<option value="([^"]*)"', page)
    assert len(values) == len(set(values)) and {"not_closed", "open", "all"} <= set(values)
    assert page.index(f"/reports/{newer.pk}/") < page.index(f"/reports/{older.pk}/")
    assert f"/reports/{closed.pk}/" not in page
    only_new = client.get(reverse("assessment_staff:home"), {"status": "open"}).content.decode()
    assert f"/reports/{newer.pk}/" in only_new and f"/reports/{older.pk}/" not in only_new


def test_an_unknown_triage_status_is_refused_with_a_message_not_ignored(
    client, organiser, with_second_factor
):
    client.force_login(with_second_factor(organiser))
    response = client.get(reverse("assessment_staff:home"), {"status": "new"})
    assert response.status_code == 400
    assert "There is no status called “new”" in response.content.decode()


@pytest.mark.parametrize("depth", ["NaN", "inf", "-1e400", str(10**23)])
def test_a_number_answer_that_is_not_finite_is_sent_back_with_an_error(
    client, resident, category, depth
):
    client.force_login(resident)
    response = _post(client, category, address="12 High Street", attr_depth=depth)
    assert response.status_code == 200 and b"govuk-error-summary" in response.content
    assert not Report.objects.exists()


@pytest.mark.parametrize(("lon", "lat"), [("NaN", "51"), ("0", "inf"), ("1e400", "51")])
def test_a_pin_that_is_not_a_point_is_sent_back_with_an_error(client, resident, category, lon, lat):
    client.force_login(resident)
    response = _post(client, category, lon=lon, lat=lat)
    assert response.status_code == 200 and b"govuk-error-summary" in response.content
    assert not Report.objects.exists()


def test_a_description_over_the_limit_is_sent_back_with_an_error(client, resident, category):
    client.force_login(resident)
    response = _post(client, category, address="12 High Street", description="x" * 4001)
    assert response.status_code == 200 and b"govuk-error-summary" in response.content
    assert not Report.objects.exists()
