"""Shared fixtures for the platform's tests: personas, a demo-like world, a real browser.

Imports of Django happen inside fixtures, so ``tests/methods`` runs without Django.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture
def make_person(db: None) -> Any:
    """Return a factory: ``make_person("name", born=date(...))`` creates a verified account."""
    from allauth.account.models import EmailAddress

    from coproduce.accounts.models import Person

    def make(name: str, *, password: str = "correct horse battery", **extra: Any) -> Person:
        person = Person.objects.create_user(
            f"{name}@example.org", password, display_name=name, **extra
        )
        EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
        return person

    return make


@pytest.fixture
def city(db: None) -> Any:
    """A city with two districts (each a simple square) and a ward inside the first."""
    from coproduce.places.models import Place, PlaceKind

    def square(west: float, south: float, size: float) -> dict[str, Any]:
        ring = [
            [west, south],
            [west + size, south],
            [west + size, south + size],
            [west, south + size],
            [west, south],
        ]
        return {"type": "Polygon", "coordinates": [ring]}

    town = Place.objects.create(
        name="Testford",
        slug="testford",
        kind=PlaceKind.CITY,
        boundary=square(0, 50, 2),
        population=1000,
    )
    north = Place.objects.create(
        name="North",
        slug="north",
        kind=PlaceKind.DISTRICT,
        parent=town,
        boundary=square(0, 51, 1),
        population=500,
    )
    Place.objects.create(
        name="South",
        slug="south",
        kind=PlaceKind.DISTRICT,
        parent=town,
        boundary=square(0, 50, 1),
        population=500,
    )
    Place.objects.create(
        name="North Ward",
        slug="north-ward",
        kind=PlaceKind.WARD,
        parent=north,
        boundary=square(0, 51, 0.5),
        population=250,
    )
    return town


@pytest.fixture
def council(city: Any) -> Any:
    from coproduce.organisations.models import Organisation, OrganisationKind

    council = Organisation.objects.create(
        name="Testford Council",
        slug="testford-council",
        kind=OrganisationKind.PUBLIC_BODY,
        place=city,
    )
    city.owner = council  # keeps the city's population profile
    city.save(update_fields=["owner"])
    return council


def _member(make_person: Any, council: Any, name: str, role: str) -> Any:
    from coproduce.organisations.models import Membership

    person = make_person(name)
    Membership.objects.create(organisation=council, person=person, role=role)
    return person


@pytest.fixture
def resident(make_person: Any) -> Any:
    return make_person("resident")


@pytest.fixture
def other_resident(make_person: Any) -> Any:
    return make_person("other_resident")


@pytest.fixture
def organiser(make_person: Any, council: Any) -> Any:
    return _member(make_person, council, "organiser", "staff")


@pytest.fixture
def moderator(make_person: Any, council: Any) -> Any:
    return _member(make_person, council, "moderator", "moderator")


@pytest.fixture
def councillor(make_person: Any, council: Any) -> Any:
    return _member(make_person, council, "councillor", "councillor")


@pytest.fixture
def anonymous() -> Any:
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


@pytest.fixture
def initiative(council: Any, city: Any) -> Any:
    from coproduce.initiatives.models import Co, Initiative, Lead, Origin, Stage

    initiative = Initiative.objects.create(
        title="Better parks",
        slug="better-parks",
        summary="Parks, together.",
        origin=Origin.INSIDE_OUT,
        organisation=council,
        place=city,
    )
    for co in Co:
        Stage.objects.create(initiative=initiative, co=co, lead=Lead.SHARED)
    return initiative


@pytest.fixture
def activity_in(initiative: Any) -> Any:
    """Return a factory for an open activity in the initiative's stage for a given Co."""
    from datetime import timedelta

    from django.utils import timezone

    from coproduce.initiatives.models import Activity

    def make(co: str, kind: str, **extra: Any) -> Activity:
        values: dict[str, Any] = {
            "title": f"{kind} activity",
            "starts_at": timezone.now() - timedelta(days=1),
            "ends_at": timezone.now() + timedelta(days=10),
        }
        values.update(extra)
        return Activity.objects.create(stage=initiative.stages.get(co=co), kind=kind, **values)

    return make


@pytest.fixture
def totp_code() -> Any:
    """Return a function giving a person's current TOTP code (for staff sign-in)."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
    from allauth.mfa.utils import decrypt

    def code(person: Any) -> str:
        import time

        authenticator = Authenticator.objects.get(user=person, type=Authenticator.Type.TOTP)
        secret = decrypt(authenticator.data["secret"])
        return format_hotp_value(hotp_value(secret, int(time.time()) // 30))

    return code


@pytest.fixture
def with_second_factor(db: None, client: Any) -> Any:
    """Return ``give(person)``: set up TOTP for the person; from then on
    ``client.force_login(person)`` signs them in as the code does (the session records it).
    """
    import time

    from allauth.account.internal.flows.login import (
        _AUTHENTICATION_METHODS_USER_SESSION_KEY,
        AUTHENTICATION_METHODS_SESSION_KEY,
    )
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    authenticators: dict[int, int] = {}
    force_login = client.force_login

    def record(person: Any) -> None:
        session = client.session
        session[AUTHENTICATION_METHODS_SESSION_KEY] = [
            {"method": "password", "at": time.time(), "email": person.email},
            {"method": "mfa", "at": time.time(), "id": authenticators[person.pk], "type": "totp"},
        ]
        session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(person.pk)
        session.save()

    def login_with_code(person: Any, backend: str | None = None) -> None:
        force_login(person, backend)
        if person.pk in authenticators:
            record(person)

    def give(person: Any) -> Any:
        authenticators[person.pk] = TOTP.activate(person, generate_totp_secret()).instance.pk
        if client.session.get("_auth_user_id") == str(person.pk):
            record(person)
        return person

    client.force_login = login_with_code
    return give


@pytest.fixture(scope="session")
def chromium_browser() -> Iterator[Any]:
    """Debian's Chromium, driven by Playwright (which never downloads a browser of its own)."""
    executable = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    if not os.path.exists(executable):
        if os.environ.get("CI"):
            pytest.fail(f"Chromium not found at {executable}; install Debian's chromium")
        pytest.skip(f"Chromium not found at {executable}")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def chromium(chromium_browser: Any) -> Iterator[Any]:
    """The browser for one test: every page its contexts visit is checked with axe-core
    (tests/accessibility.py), as whoever is signed in there, and any violation fails the test."""
    from tests.accessibility import AxeCheck, CheckedBrowser

    axe = AxeCheck()
    yield CheckedBrowser(chromium_browser, axe)
    axe.close_all()
    if axe.violations:
        pytest.fail(axe.report(), pytrace=False)


@pytest.fixture
def page(chromium: Any, live_server: Any) -> Iterator[Any]:
    """A fresh browser page; ``page.base_url`` is the live server's address."""
    context = chromium.new_context(base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture
def phone_page(chromium: Any, live_server: Any) -> Iterator[Any]:
    """A browser page the size of a small phone."""
    context = chromium.new_context(
        base_url=live_server.url,
        viewport={"width": 375, "height": 740},
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture
def sign_in(totp_code: Any) -> Any:
    """Return ``sign_in(page, person)`` that signs in through the real pages (with TOTP)."""
    from allauth.mfa.models import Authenticator

    def go(page: Any, person: Any, password: str = "correct horse battery") -> None:
        page.goto("/accounts/login/")
        page.fill("input[name=login]", person.email)
        page.fill("input[name=password]", password)
        # Wait for the navigation each submission starts: on a busy machine the next goto
        # could otherwise abort the sign-in still under way.
        with page.expect_navigation():
            page.press("input[name=password]", "Enter")
        if Authenticator.objects.filter(user=person, type=Authenticator.Type.TOTP).exists():
            page.fill("input[name=code]", totp_code(person))
            with page.expect_navigation():
                page.press("input[name=code]", "Enter")
        page.wait_for_load_state()

    return go


@pytest.fixture(autouse=True)
def _default_language_after_each_test() -> Iterator[None]:
    """A page asked for in Spanish leaves Spanish active in the thread: reset it, so the
    next test reads the default language whatever ran before it."""
    yield
    from django.conf import settings

    if settings.configured:
        from django.utils import translation

        translation.deactivate()
