"""Background work: counting a closed round."""

from __future__ import annotations

from django_tasks import task


@task()
def tally_round(round_id: int) -> None:
    """Count the round in the background; progress is stored on the round as it goes."""
    from coproduce.commissioning.services.results import round_tally

    round_tally(round_id)
