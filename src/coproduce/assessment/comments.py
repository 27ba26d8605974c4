"""Reports can be commented on, under their report channel's comment rules (when their
category belongs to one); the category's organisation moderates.

Importing this module registers them (``apps.py`` imports it from ``ready``).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from coproduce.assessment.models import Report
from coproduce.assessment.selectors.reports import reports_public
from coproduce.discussion.registry import CommentableSpec, register_commentable


def _report(person: Any, pk: int) -> Report | None:
    return (
        reports_public()
        .select_related("category__organisation", "category__activity__stage__initiative")
        .filter(pk=pk)
        .first()
    )


def register() -> None:
    register_commentable(
        Report,
        CommentableSpec(
            label=_("report"),
            find=_report,
            activity=lambda report: report.category.activity,
            organisation=lambda report: report.category.organisation,
            author=lambda report: report.reporter,
        ),
    )


register()
