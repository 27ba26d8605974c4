"""The axe-core check that every browser test runs (tests/accessibility.py) finds problems."""

from __future__ import annotations

import pytest

from tests.accessibility import AxeCheck

pytestmark = [pytest.mark.browser]

PAGE = """<!doctype html><html lang="en"><head><title>Bad</title></head>
<body><p>Outside every landmark</p><main><h1>Bad</h1><img src="x.png"></main></body></html>"""


def test_the_check_reports_each_violation_with_its_page(chromium_browser):
    axe = AxeCheck()
    context = axe.watch(chromium_browser.new_context(), chromium_browser, {})
    context.route(
        "http://axe.invalid/**",
        lambda route: route.fulfill(status=200, content_type="text/html", body=PAGE),
    )
    page = context.new_page()
    page.goto("http://axe.invalid/bad/")
    page.goto("http://axe.invalid/worse/")
    context.close()

    found = {(v.url, v.rule) for v in axe.violations}
    for path in ("/bad/", "/worse/"):
        assert (path, "region") in found
        assert (path, "image-alt") in found
    assert "image-alt [critical]" in axe.report()


@pytest.mark.django_db(transaction=True)
def test_pages_seen_without_javascript_are_checked_with_the_same_cookies(
    chromium_browser, live_server
):
    axe = AxeCheck()
    options = {"base_url": live_server.url, "java_script_enabled": False}
    context = axe.watch(chromium_browser.new_context(**options), chromium_browser, options)
    page = context.new_page()
    page.goto("/")
    page.goto("/initiatives/")
    context.close()

    assert {"/", "/initiatives/"} <= axe.pages_checked
    assert axe.violations == []
