"""Accessible SVG figures: the opinion map and a statement's votes per group."""

from __future__ import annotations

import textwrap
from html import escape

import numpy as np
from numpy.typing import NDArray
from scipy.spatial import ConvexHull, QhullError

from coproduce.methods.opinions.analysis import OpinionMap

__all__ = ["group_name", "opinion_map_svg", "statement_votes_svg"]

#: Okabe–Ito colours, distinguishable with the common colour-vision deficiencies.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9")
MAX_POINTS = 3000
PLOT = 460.0
MARGIN = 20.0


def group_name(index: int) -> str:
    """Return the display name of a group: A, B, C…"""
    return f"Group {chr(ord('A') + index)}"


def _svg(width: float, height: float, title: str, description: str, body: list[str]) -> str:
    return "\n".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
            f'viewBox="0 0 {width:.0f} {height:.0f}" role="img" '
            'aria-labelledby="svg-title svg-desc">',
            f'<title id="svg-title">{escape(title)}</title>',
            f'<desc id="svg-desc">{escape(description)}</desc>',
            '<rect width="100%" height="100%" fill="#ffffff"/>',
            *body,
            "</svg>",
        ]
    )


def _scaled(points: NDArray[np.float64]) -> NDArray[np.float64]:
    """Map projections into the square plot area, keeping the aspect ratio."""
    if len(points) == 0:
        return points
    low, high = points.min(0), points.max(0)
    span = float(max((high - low).max(), 1e-9))
    out: NDArray[np.float64] = (points - (low + high) / 2) / span * (PLOT - 2 * MARGIN) + PLOT / 2
    out[:, 1] = PLOT - out[:, 1]  # y grows upwards on the map
    return out


def _hull(points: NDArray[np.float64], colour: str) -> str:
    if len(points) < 3:
        return ""
    try:
        corners = points[ConvexHull(points).vertices]
    except QhullError:
        return ""
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in corners)
    return (
        f'<polygon points="{path}" fill="{colour}" fill-opacity="0.12" '
        f'stroke="{colour}" stroke-width="1.5"/>'
    )


def _shown(result: OpinionMap) -> NDArray[np.int64]:
    """Return the clustered rows to draw: all of them, or an even sample of MAX_POINTS."""
    rows = result.clustered
    if len(rows) <= MAX_POINTS:
        return rows
    return rows[np.linspace(0, len(rows) - 1, MAX_POINTS).astype(np.int64)]


def _plot(result: OpinionMap) -> list[str]:
    rows = _shown(result)
    xy = _scaled(result.pca.projections[rows])
    labels = result.labels[rows]
    body = []
    for g in range(result.n_groups):
        body.append(_hull(xy[labels == g], PALETTE[g % len(PALETTE)]))
    for (x, y), g in zip(xy.tolist(), labels.tolist(), strict=True):
        body.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" '
            f'fill="{PALETTE[g % len(PALETTE)]}" fill-opacity="0.7"/>'
        )
    return [line for line in body if line]


def _legend(result: OpinionMap, top: int) -> tuple[list[str], list[str]]:
    """Return legend elements and a plain-text summary of each group's top statements."""
    texts = {s.id: s.text or f"statement {s.id}" for s in result.statements}
    body, summary = [], []
    y = 30.0
    for g in range(result.n_groups):
        size = int((result.labels == g).sum())
        colour = PALETTE[g % len(PALETTE)]
        body.append(
            f'<rect x="{PLOT + 10:.0f}" y="{y - 11:.0f}" width="12" height="12" fill="{colour}"/>'
        )
        body.append(
            f'<text x="{PLOT + 28:.0f}" y="{y:.0f}" font-weight="bold">'
            f"{escape(group_name(g))} ({size} participants)</text>"
        )
        y += 18
        for stat in result.repness.get(g, ())[:top]:
            verb, share = stat.display()
            line = f"{round(share * 100)}% {verb}: {texts.get(stat.statement, '')}"
            summary.append(f"{group_name(g)} — {line}")
            for part in textwrap.wrap(line, 52)[:3]:
                body.append(f'<text x="{PLOT + 28:.0f}" y="{y:.0f}">{escape(part)}</text>')
                y += 15
        y += 12
    return body, summary


def opinion_map_svg(result: OpinionMap, *, title: str = "Opinion map", top: int = 3) -> str:
    """Return an SVG of the opinion map: participants as points, groups as hulls.

    Beside the map each group lists its ``top`` representative statements. The SVG has a
    title and a text description (read by screen readers) summarising the groups.
    """
    legend, summary = _legend(result, top)
    sizes = ", ".join(
        f"{group_name(g)}: {int((result.labels == g).sum())} participants"
        for g in range(result.n_groups)
    )
    description = (
        f"{len(result.clustered)} participants placed by how they voted, in "
        f"{result.n_groups} opinion groups ({sizes}). " + " ".join(summary)
    )
    height = max(PLOT, 40.0 + 15.0 * (len(legend) + 2))
    body = [
        '<g font-family="sans-serif" font-size="12" fill="#1a1a1a">',
        *_plot(result),
        *legend,
        "</g>",
    ]
    return _svg(PLOT + 420, height, title, description, body)


def statement_votes_svg(result: OpinionMap, statement: int, *, title: str | None = None) -> str:
    """Return an SVG bar chart of agree / disagree / pass shares per group for a statement.

    Raise ``KeyError`` if nobody voted on ``statement``.
    """
    column = {t: j for j, t in enumerate(result.group_votes.statement_ids.tolist())}[statement]
    votes = result.group_votes
    kinds = (
        ("agree", votes.agree, "#009E73"),
        ("disagree", votes.disagree, "#D55E00"),
        ("pass", votes.passed, "#999999"),
    )
    body, facts = ['<g font-family="sans-serif" font-size="12" fill="#1a1a1a">'], []
    for g in range(result.n_groups):
        seen = max(float(votes.seen[g, column]), 1.0)
        y = 30 + g * 40
        body.append(f'<text x="10" y="{y + 14}">{escape(group_name(g))}</text>')
        x = 90.0
        parts = []
        for name, counts, colour in kinds:
            share = float(counts[g, column]) / seen
            body.append(
                f'<rect x="{x:.1f}" y="{y}" width="{share * 400:.1f}" height="20" '
                f'fill="{colour}"><title>{name} {share:.0%}</title></rect>'
            )
            x += share * 400
            parts.append(f"{share:.0%} {name}")
        facts.append(f"{group_name(g)}: " + ", ".join(parts))
    body.extend(_key(kinds, 30 + 40 * result.n_groups))
    body.append("</g>")
    heading = title or f"Votes on statement {statement} by group"
    return _svg(520, 70 + 40 * result.n_groups, heading, "; ".join(facts) + ".", body)


def _key(kinds: tuple[tuple[str, object, str], ...], y: float) -> list[str]:
    """Return the colour key of the bar chart."""
    out = []
    for i, (name, _, colour) in enumerate(kinds):
        x = 90 + i * 110
        out.append(f'<rect x="{x}" y="{y:.0f}" width="12" height="12" fill="{colour}"/>')
        out.append(f'<text x="{x + 18}" y="{y + 11:.0f}">{name}</text>')
    return out
