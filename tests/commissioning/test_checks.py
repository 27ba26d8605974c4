"""The secrecy key: production refuses to start without one of its own, and `check --deploy`
says why."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.core.checks import run_checks
from django.test import override_settings

SECRET = "s" * 50


def _start(**env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "SECRET_KEY": SECRET, "ALLOWED_HOSTS": "example.org", **env}
    for name in ("DJANGO_SETTINGS_MODULE", "COPRODUCE_DEMO_TOTP_CODE"):
        environment.pop(name, None)
    if "SECRECY_KEY" not in env:
        environment.pop("SECRECY_KEY", None)
    return subprocess.run(
        [sys.executable, "-c", "import coproduce.settings"],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize("secrecy_key", [None, "", SECRET], ids=["missing", "empty", "shared"])
def test_production_refuses_to_start_without_a_secrecy_key_of_its_own(
    secrecy_key: str | None,
) -> None:
    env = {"DEBUG": "false"}
    if secrecy_key is not None:
        env["SECRECY_KEY"] = secrecy_key
    result = _start(**env)
    assert result.returncode != 0
    assert "SECRECY_KEY must be set, and differ from SECRET_KEY" in result.stderr


def test_production_starts_with_a_secrecy_key_of_its_own() -> None:
    result = _start(DEBUG="false", SECRECY_KEY="k" * 50)
    assert result.returncode == 0, result.stderr


def test_the_laptop_demo_falls_back_to_the_secret_key() -> None:
    assert _start(DEBUG="true").returncode == 0


def _deploy_ids() -> list[str]:
    return [message.id for message in run_checks(include_deployment_checks=True)]


@pytest.mark.parametrize(
    "secrecy_key,problem",
    [("", "commissioning.E001"), (SECRET, "commissioning.E002"), ("short", "commissioning.W001")],
)
def test_check_deploy_names_a_missing_shared_or_short_secrecy_key(
    secrecy_key: str, problem: str
) -> None:
    with override_settings(SECRET_KEY=SECRET, SECRECY_KEY=secrecy_key):
        assert problem in _deploy_ids()
        assert problem not in [m.id for m in run_checks()]  # a deployment check only


def test_check_deploy_accepts_a_long_secrecy_key_of_its_own() -> None:
    with override_settings(SECRET_KEY=SECRET, SECRECY_KEY="k" * 50):
        assert not [i for i in _deploy_ids() if i.startswith("commissioning.")]
