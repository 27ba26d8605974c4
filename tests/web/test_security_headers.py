"""Headers that protect every page: a Content-Security-Policy with no inline scripts,
no caching of personal downloads, and health checks that give nothing away."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.db import OperationalError
from django.test import override_settings
from django.urls import reverse

import coproduce

pytestmark = pytest.mark.django_db

TEMPLATES = Path(coproduce.__file__).parent


def _policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in header.split(";") if part.strip())
    }


@pytest.mark.parametrize("path", ["/", "/budgets/", "/accounts/login/", "/api/docs", "/nowhere/"])
def test_every_page_has_a_strict_content_security_policy(client, path):
    policy = _policy(client.get(path))
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
    assert "'unsafe-eval'" not in str(policy)


def test_staff_pages_have_it_too(client, organiser, with_second_factor):
    client.force_login(with_second_factor(organiser))
    assert _policy(client.get(reverse("governance:staff_home")))["script-src"] == ["'self'"]


def test_no_template_has_an_inline_script():
    inline = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)
    offenders = [
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("templates/**/*.html")
        if inline.search(path.read_text())
    ]
    assert offenders == []


def test_pages_render_no_inline_script(client):
    html = client.get("/").content.decode()
    scripts = re.findall(r"<script[^>]*>", html)
    assert scripts and all("src=" in tag for tag in scripts)
    assert '"allowEval": false' in html  # HTMX evaluates nothing the policy would refuse


def test_a_persons_data_download_is_not_cached(client, resident):
    client.force_login(resident)
    response = client.get(reverse("accounts:export"))
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_survey_answers_are_not_cached(client, organiser, with_second_factor, activity_in):
    from coproduce.assessment.services.surveys import survey_create

    survey = survey_create(activity=activity_in("assessment", "survey"), actor=organiser, intro="")
    client.force_login(with_second_factor(organiser))
    response = client.get(reverse("assessment:survey_export", args=[survey.pk]))
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]


def test_readiness_names_no_connection_details(client, monkeypatch):
    from django.db import connection

    def refuse(*args, **kwargs):
        raise OperationalError('connection to server at "10.0.0.5", user "coproduce" failed')

    monkeypatch.setattr(connection, "cursor", refuse)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable"}


@override_settings(SECURE_SSL_REDIRECT=True, ALLOWED_HOSTS=["participate.example.gov"])
@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_health_checks_answer_load_balancers_over_plain_http(client, path):
    assert client.get(path, HTTP_HOST="10.0.0.7:8000").status_code == 200
    assert client.get(path, HTTP_HOST="participate.example.gov").status_code == 200
    assert client.get("/", HTTP_HOST="participate.example.gov").status_code == 301
