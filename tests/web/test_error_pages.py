"""The demo runs with DEBUG on, yet a missing page shows the site's own page."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.django_db


def test_with_friendly_error_pages_a_missing_page_is_the_sites_own_404(
    client: Any, settings: Any
) -> None:
    settings.DEBUG = True
    settings.FRIENDLY_ERROR_PAGES = True
    response = client.get("/no-such-page/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "Page not found" in page and "govuk-heading-l" in page
    assert "Page not found (404)" not in page and "URLconf" not in page


def test_without_the_setting_debug_still_shows_the_technical_page(
    client: Any, settings: Any
) -> None:
    settings.DEBUG = True
    settings.FRIENDLY_ERROR_PAGES = False
    response = client.get("/no-such-page/")
    assert response.status_code == 404 and "URLconf" in response.content.decode()
