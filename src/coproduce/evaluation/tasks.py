"""Background work: refresh every computed indicator (e.g. nightly)."""

from __future__ import annotations

from django_tasks import task


@task()
def computed_indicators_refresh() -> int:
    """Refresh the computed indicators of every logic model; return how many were written."""
    from coproduce.evaluation.services import computed_indicators_refresh_all

    return computed_indicators_refresh_all()
