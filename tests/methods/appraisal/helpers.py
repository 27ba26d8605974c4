"""Building small appraisals from plain lists, for hand-computed and property tests."""

from __future__ import annotations

from collections.abc import Sequence

from coproduce.methods.appraisal import Appraisal, Criterion, Direction, Group


def appraisal(
    scores: Sequence[Sequence[float]],
    benefit: Sequence[bool],
    *weights: Sequence[float],
) -> Appraisal:
    """Return options o0, o1, … on criteria c0, c1, …, with groups g0, g1, … weighting them."""
    options = tuple(f"o{i}" for i in range(len(scores)))
    criteria = tuple(
        Criterion(f"c{k}", Direction.BENEFIT if b else Direction.COST)
        for k, b in enumerate(benefit)
    )
    return Appraisal(
        options=options,
        criteria=criteria,
        scores={
            o: {c.id: float(x) for c, x in zip(criteria, row, strict=True)}
            for o, row in zip(options, scores, strict=True)
        },
        groups=tuple(
            Group(f"g{g}", {c.id: float(w) for c, w in zip(criteria, ws, strict=True)})
            for g, ws in enumerate(weights)
        ),
    )
