"""In Chromium: a charter is drafted by staff, commented on by a resident, signed by both
sides, reviewed by both, and its public page shows the ratings and reasons."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from coproduce.governance.models import Charter
from coproduce.organisations.models import Membership, Organisation, OrganisationKind

pytestmark = pytest.mark.browser


@pytest.fixture
def open_as(chromium: Any, live_server: Any, totp_code: Any) -> Iterator[Any]:
    """Return ``open_as(person)``: a page in a browser of its own, signed in as them."""
    from allauth.mfa.models import Authenticator

    contexts = []

    def go(person: Any | None = None) -> Any:
        context = chromium.new_context(base_url=live_server.url)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15000)
        if person is None:
            return page
        page.goto("/accounts/login/")
        page.fill("input[name=login]", person.email)
        page.fill("input[name=password]", "correct horse battery")
        page.click("main form button[type=submit]")
        if Authenticator.objects.filter(user=person, type=Authenticator.Type.TOTP).exists():
            page.fill("input[name=code]", totp_code(person))
            page.click("main form button[type=submit]")
        page.wait_for_load_state()
        assert "/accounts/login/" not in page.url, page.inner_text("main")[:500]
        return page

    yield go
    for context in contexts:
        context.close()


@pytest.fixture
def group(city: Any) -> Any:
    return Organisation.objects.create(
        name="Northside Neighbours",
        slug="northside",
        kind=OrganisationKind.COMMUNITY_GROUP,
        place=city.children.get(slug="north"),
    )


@pytest.fixture
def gwen(make_person: Any, group: Any, with_second_factor: Any) -> Any:
    person = make_person("gwen")
    Membership.objects.create(organisation=group, person=person, role="coordinator")
    return with_second_factor(person)


def _publish_review(page: Any, rating: str, reason: str) -> None:
    page.select_option("#id_rating", label=rating)
    page.fill("#id_reason", reason)
    page.get_by_role("button", name="Publish the review").click()
    page.wait_for_load_state()


def test_a_charter_is_drafted_signed_by_both_sides_reviewed_by_both_and_shown(
    open_as: Any,
    organiser: Any,
    councillor: Any,
    resident: Any,
    gwen: Any,
    group: Any,
    with_second_factor: Any,
) -> None:
    with_second_factor(organiser)
    with_second_factor(councillor)

    # Staff draft the charter from their pages, with a commitment on each side.
    staff = open_as(organiser)
    staff.goto("/staff/")
    staff.get_by_role("link", name="Draft a new charter").click()
    staff.select_option("#id_organisation", label="Testford Council")
    staff.select_option("#id_community_kind", label="A community group")
    staff.select_option("#id_community_group", label="Northside Neighbours")
    staff.fill("#id_title", "Parks charter")
    staff.fill("#id_text", "We look after North's parks together.")
    staff.get_by_role("button", name="Save the draft").click()
    staff.select_option("#id_c-side", label="The organisation")
    staff.fill("#id_c-title", "Cut the grass every fortnight")
    staff.fill("#id_c-indicator", "Mowing log published monthly")
    staff.get_by_role("button", name="Add the commitment").click()
    staff.select_option("#id_c-side", label="The community")
    staff.fill("#id_c-title", "Run a monthly litter pick")
    staff.get_by_role("button", name="Add the commitment").click()
    staff.fill("#id_r-email", gwen.email)
    staff.get_by_role("button", name="Name this representative").click()
    assert "gwen" in staff.inner_text("main")
    charter = Charter.objects.get(title="Parks charter")

    # A resident finds the draft from the organisation's page and comments on it.
    neighbour = open_as(resident)
    neighbour.goto("/organisations/testford-council/")
    neighbour.get_by_role("link", name="Parks charter").click()
    neighbour.fill("#id_text", "Please add the playground.")
    neighbour.get_by_role("button", name="Comment").click()
    assert "Please add the playground." in neighbour.inner_text("main")

    # Both sides sign; the charter is in force once the second has.
    council_side = open_as(councillor)
    council_side.goto(charter.get_absolute_url())
    council_side.get_by_role("button", name="Sign for Testford Council").click()
    assert "Being signed" in council_side.inner_text("main")
    community_side = open_as(gwen)
    community_side.goto(charter.get_absolute_url())
    assert community_side.get_by_role("button", name="Sign for Testford Council").count() == 0
    community_side.get_by_role("button", name="Sign for Northside Neighbours").click()
    assert "In force since" in community_side.inner_text("main")

    # Each side reviews how the other kept its commitments.
    council_side.goto(charter.get_absolute_url())
    _publish_review(council_side, "Mostly kept", "Litter picks every month but one.")
    _publish_review(community_side, "Partly kept", "The grass was cut every three weeks.")

    # Anyone reads both ratings and reasons, as a chart and as a table.
    public = open_as()
    public.goto(charter.get_absolute_url())
    main = public.inner_text("main")
    assert "Mostly kept" in main and "Litter picks every month but one." in main
    assert "Partly kept" in main and "The grass was cut every three weeks." in main
    assert "Review 2 is due by" in main
    assert (public.locator("svg[role=img] title").first.text_content() or "").startswith(
        "How each side"
    )
    assert public.get_by_role("button", name="Comment").count() == 0
