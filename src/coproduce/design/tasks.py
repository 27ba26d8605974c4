"""Background work: redrawing an opinion map."""

from __future__ import annotations

from django_tasks import task


@task()
def opinion_map_refresh(opinion_map_id: int) -> None:
    """Fold the votes cast since the last refresh into the map of ``opinion_map_id``."""
    from coproduce.design.services.opinions import map_refresh_run

    map_refresh_run(opinion_map_id=opinion_map_id)
