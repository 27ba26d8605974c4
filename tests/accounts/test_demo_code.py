"""The demo's fixed second-factor code is refused outside DEBUG, at start-up and by `check`."""

from __future__ import annotations

import os
import subprocess
import sys

from django.core.checks import run_checks
from django.test import override_settings


def _start(**env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        **os.environ,
        "SECRET_KEY": "x" * 50,
        "SECRECY_KEY": "y" * 50,
        "ALLOWED_HOSTS": "example.org",
        **env,
    }
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, "-c", "import coproduce.settings"],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_settings_refuse_the_demo_code_with_a_clear_message():
    result = _start(DEBUG="false", COPRODUCE_DEMO_TOTP_CODE="000000")
    assert result.returncode != 0
    assert "COPRODUCE_DEMO_TOTP_CODE is for the laptop demo only" in result.stderr


def test_production_settings_start_without_the_demo_code():
    result = _start(DEBUG="false", COPRODUCE_DEMO_TOTP_CODE="")
    assert result.returncode == 0, result.stderr


def test_the_laptop_demo_may_use_the_code():
    assert _start(DEBUG="true", COPRODUCE_DEMO_TOTP_CODE="000000").returncode == 0


def test_check_reports_the_demo_code_outside_debug():
    with override_settings(DEBUG=False, MFA_TOTP_INSECURE_BYPASS_CODE="000000"):
        ids = [message.id for message in run_checks()]
    assert "coproduce.E001" in ids


def test_check_is_quiet_in_debug():
    with override_settings(DEBUG=True, MFA_TOTP_INSECURE_BYPASS_CODE="000000"):
        ids = [message.id for message in run_checks()]
    assert "coproduce.E001" not in ids
