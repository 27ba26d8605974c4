"""Reports can be followed: their status changes are told to their followers."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from coproduce.accounts.following import Followable, register_followable
from coproduce.assessment.models import Report
from coproduce.assessment.selectors.reports import reports_public


def _report(person: Any, pk: int) -> Report | None:
    return reports_public().filter(pk=pk).first()


def register() -> None:
    register_followable(
        Followable(
            model=Report,
            label=_("report"),
            find=_report,
            queryset=lambda: Report.objects.select_related("category"),
        )
    )
