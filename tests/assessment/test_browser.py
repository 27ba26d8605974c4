"""In Chromium: reporting on a phone (with and without JavaScript); a recommendation
becoming a commitment."""

from __future__ import annotations

import pytest

from coproduce.assessment.models import Report, WheelStage
from coproduce.assessment.services import panels as service
from coproduce.governance.models import Commitment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, person, totp_code=None):
    # The shared sign_in fixture clicks the first submit button on the page, which is the
    # language switcher's; this presses the sign-in form's own button.
    page.goto("/accounts/login/")
    page.fill("input[name=login]", person.email)
    page.fill("input[name=password]", "correct horse battery")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url, "sign-in failed"
    if totp_code is not None:  # a staff role: the second factor
        page.fill("input[name=code]", totp_code(person))
        page.press("input[name=code]", "Enter")
        page.wait_for_load_state()


def test_reporting_a_problem_on_a_phone(phone_page, resident, category, tmp_path):
    from tests.assessment.conftest import jpeg_with_gps

    page = phone_page
    _sign_in(page, resident)
    page.goto("/assessment/reports/new/")
    page.get_by_role("link", name="Pothole").click()
    page.locator(".cp-leaflet").click(position={"x": 150, "y": 60})
    assert page.locator(".cp-map-status").inner_text().startswith("Pin placed at latitude")
    # Someone else reported the same pothole at that spot: tapping again offers it.
    lon = float(page.locator("input[name=lon]").input_value())
    lat = float(page.locator("input[name=lat]").input_value())
    other = Report.objects.create(category=category, description="Same hole", lon=lon, lat=lat)
    page.locator(".cp-leaflet").click(position={"x": 150, "y": 60})
    page.get_by_text("Has this already been reported?").wait_for()
    assert page.get_by_role("link", name=str(other)).is_visible()
    other.delete()
    page.locator(".cp-leaflet").click(position={"x": 160, "y": 60})
    page.get_by_text("Has this already been reported?").wait_for(state="detached")
    page.fill("textarea[name=description]", "Deep pothole by the bus stop")
    page.fill("input[name=attr_depth]", "15")
    photo = tmp_path / "hole.jpg"
    photo.write_bytes(jpeg_with_gps())
    page.set_input_files("input[name=photo]", str(photo))
    # The form itself fits a small phone (the site header's language switcher is not ours).
    width = page.evaluate("document.querySelector('main').scrollWidth")
    assert width <= 375, "the form must fit a small phone without sideways scrolling"
    page.screenshot(path=str(tmp_path / "phone-form.png"), full_page=True)
    page.get_by_role("button", name="Send report").click()
    page.wait_for_url("**/assessment/reports/*/")
    report = Report.objects.get()
    assert report.lon is not None and report.place.slug in {"north", "north-ward", "testford"}
    assert "Deep pothole by the bus stop" in page.content()
    with report.photo.open("rb") as stored:
        assert b"PhoneMaker" not in stored.read()


def test_reporting_without_javascript_uses_the_address(chromium, live_server, resident, category):
    context = chromium.new_context(
        base_url=live_server.url, java_script_enabled=False, viewport={"width": 375, "height": 740}
    )
    page = context.new_page()
    _sign_in(page, resident)
    page.goto(f"/assessment/reports/new/?category={category.code}")
    assert page.locator(".cp-leaflet").count() == 0  # the map's image and lists instead
    page.fill("input[name=address]", "12 High Street")
    page.select_option("select[name=area]", "south")
    page.fill("textarea[name=description]", "Street sign knocked over")
    page.fill("input[name=attr_depth]", "1")
    page.click("button[type=submit]:has-text('Send report')")
    page.wait_for_url("**/assessment/reports/*/")
    assert Report.objects.get().address == "12 High Street"
    context.close()


def test_a_panel_recommendation_becomes_a_commitment(
    page, activity_in, organiser, councillor, with_second_factor, totp_code
):
    activity = activity_in("assessment", "scrutiny_panel", title="Parks scrutiny panel")
    panel = service.panel_create(activity=activity, actor=organiser)
    service.panel_focus(panel=panel, actor=organiser, topic="Safety after dark")
    service.panel_advance(panel=panel, actor=organiser)
    service.panel_focus(panel=panel, actor=organiser, plan="Night walks")
    service.panel_advance(panel=panel, actor=organiser)
    service.evidence_add(panel=panel, actor=organiser, kind="visit", title="Night walk")
    service.panel_advance(panel=panel, actor=organiser)
    service.finding_add(panel=panel, actor=organiser, text="Unlit paths")
    service.panel_advance(panel=panel, actor=organiser)
    assert panel.stage == WheelStage.EFFECTING
    service.recommendation_add(panel=panel, actor=organiser, title="Light the park paths")

    _sign_in(page, with_second_factor(councillor), totp_code)
    page.goto(panel.get_absolute_url())
    assert "Stage 5 of 5" in page.content()
    page.get_by_label("Accepted", exact=True).check()
    page.get_by_label("Reason").fill("Funded from the lighting budget.")
    page.get_by_role("button", name="Publish response").click()
    page.wait_for_load_state()
    commitment = Commitment.objects.get()
    assert commitment.title == "Light the park paths"
    page.get_by_role("link", name="Light the park paths").first.click()
    page.wait_for_url(f"**{commitment.get_absolute_url()}")
    assert "Light the park paths" in page.content()
    assert "Parks scrutiny panel" in page.content() or "Light the park paths" in page.content()


@pytest.mark.parametrize(
    "path",
    ["/assessment/reports/", "/assessment/reports/new/?category=pothole", "/assessment/ratings/"],
)
def test_assessment_pages_label_every_field(page, resident, category, path):
    _sign_in(page, resident)
    page.goto(path)
    unlabelled = page.evaluate(
        """() => [...document.querySelectorAll(
              'main input:not([type=hidden]), main select, main textarea')]
              .filter(el => !el.labels || el.labels.length === 0).map(el => el.name)"""
    )
    assert unlabelled == []
    assert page.locator("main h1").count() == 1
