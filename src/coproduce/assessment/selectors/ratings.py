"""Reads for ratings: summaries per subject and the "you said, we did" list."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, QuerySet

from coproduce.assessment.models import Rating


def ratings_public() -> QuerySet[Rating]:
    return Rating.objects.select_related(
        "organisation", "category", "place", "initiative", "we_did_by"
    )


@dataclass(frozen=True)
class RatingSummary:
    label: str
    count: int
    mean: float
    distribution: tuple[int, int, int, int, int]


def rating_summaries(ratings: QuerySet[Rating]) -> list[RatingSummary]:
    """Count, mean and 1–5 distribution for each rated subject, most rated first."""
    rows = (
        ratings.order_by()
        .values("category__name", "initiative__title", "place__name", "score")
        .annotate(n=Count("pk"))
    )
    by_subject: dict[str, list[int]] = {}
    for row in rows:
        label = row["initiative__title"] or row["category__name"] or row["place__name"] or "—"
        counts = by_subject.setdefault(label, [0] * 5)
        counts[row["score"] - 1] += row["n"]
    summaries = []
    for label, counts in by_subject.items():
        total = sum(counts)
        mean = sum((i + 1) * c for i, c in enumerate(counts)) / total
        summaries.append(RatingSummary(label, total, round(mean, 2), tuple(counts)))  # type: ignore[arg-type]
    return sorted(summaries, key=lambda s: (-s.count, s.label))
