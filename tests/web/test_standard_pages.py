"""The standard pages of a public service: privacy, accessibility, terms and contact."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PAGES = {
    "web:privacy": "Privacy notice",
    "web:accessibility": "Accessibility statement",
    "web:terms": "Terms of use",
    "web:contact": "Contact",
}


@pytest.mark.parametrize(("name", "heading"), PAGES.items())
def test_each_standard_page_has_its_heading_and_is_linked_from_every_footer(
    client: Any, name: str, heading: str
) -> None:
    response = client.get(reverse(name))
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<h1 class="govuk-heading-l">{heading}</h1>' in html
    footer = html[html.index('<footer class="govuk-footer">') :]
    for other in PAGES:
        assert f'href="{reverse(other)}"' in footer


def test_the_privacy_notice_links_to_download_and_delete_your_data(client: Any) -> None:
    html = client.get(reverse("web:privacy")).content.decode()
    assert f'href="{reverse("accounts:export")}">Download your data</a>' in html
    assert f'href="{reverse("accounts:delete")}">Delete your account</a>' in html


def test_the_accessibility_statement_follows_the_public_sector_structure(client: Any) -> None:
    html = client.get(reverse("web:accessibility")).content.decode()
    for section in (
        "How accessible this website is",
        "Feedback and contact information",
        "Reporting accessibility problems with this website",
        "Enforcement procedure",
        "Compliance status",
        "Non-accessible content",
        "Preparation of this accessibility statement",
    ):
        assert section in html
    assert "Without JavaScript a map is an image with a text description" in html


def test_the_contact_page_shows_the_operator_the_deployment_names(
    client: Any, settings: Any
) -> None:
    settings.SITE_OPERATOR = "Testford Borough Council"
    settings.SITE_CONTACT_EMAIL = "participation@testford.example"
    html = client.get(reverse("web:contact")).content.decode()
    assert "This site is run by Testford Borough Council." in html
    assert 'href="mailto:participation@testford.example"' in html


def test_the_phase_banner_links_to_feedback_about_the_page_it_is_on(client: Any) -> None:
    html = client.get(reverse("web:terms")).content.decode()
    assert f'href="{reverse("web:feedback")}?from=%2Fterms%2F">feedback</a>' in html


def test_the_menu_has_the_design_systems_toggle_hidden_until_script_shows_it(
    client: Any,
) -> None:
    html = client.get("/").content.decode()
    assert (
        '<button type="button" class="govuk-service-navigation__toggle '
        'govuk-js-service-navigation-toggle" aria-controls="navigation" hidden>Menu</button>'
    ) in html
    assert '<ul class="govuk-service-navigation__list" id="navigation">' in html
