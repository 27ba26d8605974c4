"""Who may take which shift: the eligibility rules, vectorised over (volunteer, shift) pairs.

Candidate pairs come from the availability windows (the shifts that start inside a window,
found by binary search), so the work grows with the pairs that could match rather than with
volunteers × shifts. The other rules then filter them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from coproduce.methods.matching.arrays import Arrays, Bools, Floats, Ints

__all__ = ["EARTH_RADIUS_KM", "RULES", "Edges", "available_for", "eligible_edges", "haversine_km"]

#: The mean earth radius (IUGG) used for distances.
EARTH_RADIUS_KM = 6371.0088

#: The rules, in the order they are reported when a shift has no eligible volunteer.
RULES = ("skills", "checks", "availability", "distance", "hours")

#: Candidate pairs handled at once, to bound memory on large instances.
_CHUNK = 2_000_000


@dataclass(frozen=True, eq=False, slots=True)
class Edges:
    """The eligible (volunteer, shift) pairs, by volunteer, then shift start, then shift."""

    volunteer: Ints
    shift: Ints
    metres: Ints  # the distance, rounded to the metre: the cost minimised

    def __len__(self) -> int:
        return len(self.volunteer)


def haversine_km(lat1: Floats, lon1: Floats, lat2: Floats, lon2: Floats) -> Floats:
    """Return the great-circle distances in km between the points (degrees), element-wise."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    half_dlat = (p2 - p1) / 2
    half_dlon = np.radians(lon2 - lon1) / 2
    a = np.sin(half_dlat) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(half_dlon) ** 2
    km: Floats = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(a, 1.0)))
    return km


def rule_masks(arrays: Arrays, volunteer: Ints, shift: Ints) -> tuple[dict[str, Bools], Floats]:
    """Return, for each pair, whether it passes each rule but availability, and its km."""
    missing = arrays.needs_skills[shift] & ~arrays.has_skills[volunteer]
    checks = np.ones(len(volunteer), dtype=np.bool_)
    for c in range(arrays.needs_checks.shape[1]):
        valid = arrays.expiry[volunteer, c] >= arrays.day[shift]
        checks &= ~arrays.needs_checks[shift, c] | valid
    km = haversine_km(
        arrays.volunteer_lat[volunteer],
        arrays.volunteer_lon[volunteer],
        arrays.shift_lat[shift],
        arrays.shift_lon[shift],
    )
    masks = {
        "skills": ~np.any(missing, axis=1),
        "checks": checks,
        "distance": km <= arrays.max_km[volunteer],
        "hours": arrays.duration[shift] <= arrays.limit[volunteer],
    }
    return masks, km


def available_for(arrays: Arrays, shift: int) -> Bools:
    """Return, per volunteer, whether ``shift`` lies inside one of their windows."""
    inside = (arrays.window_start <= arrays.start[shift]) & (arrays.end[shift] <= arrays.window_end)
    result = np.zeros(len(arrays.volunteers), dtype=np.bool_)
    result[arrays.window_volunteer[inside]] = True
    return result


def eligible_edges(arrays: Arrays) -> Edges:
    """Return every pair where the volunteer may take the shift."""
    n_shifts = len(arrays.shifts)
    parts: list[Ints] = [np.zeros(0, dtype=np.int64)]
    metres: list[Ints] = [np.zeros(0, dtype=np.int64)]
    for volunteer, shift in _candidates(arrays):
        masks, km = rule_masks(arrays, volunteer, shift)
        keep = masks["skills"] & masks["checks"] & masks["distance"] & masks["hours"]
        parts.append(volunteer[keep] * n_shifts + shift[keep])
        metres.append(np.rint(km[keep] * 1000).astype(np.int64))
    key, first = np.unique(np.concatenate(parts), return_index=True)  # windows may overlap
    volunteer, shift = np.divmod(key, max(n_shifts, 1))
    order = np.lexsort((shift, arrays.start[shift], volunteer))
    return Edges(volunteer[order], shift[order], np.concatenate(metres)[first][order])


def _candidates(arrays: Arrays) -> list[tuple[Ints, Ints]]:
    """Return, in chunks, the (volunteer, shift) pairs where the shift is inside a window."""
    order = np.argsort(arrays.start, kind="stable")
    starts = arrays.start[order]
    lo = np.searchsorted(starts, arrays.window_start, side="left")
    hi = np.searchsorted(starts, arrays.window_end, side="left")
    counts = np.maximum(hi - lo, 0)
    bounds = np.searchsorted(np.cumsum(counts), np.arange(_CHUNK, counts.sum(), _CHUNK))
    chunks = []
    for windows in np.split(np.arange(len(counts)), np.unique(bounds)):
        window = np.repeat(windows, counts[windows])
        first = np.cumsum(counts[windows]) - counts[windows]
        offset = np.arange(len(window)) - np.repeat(first, counts[windows])
        shift = order[lo[window] + offset]
        inside = arrays.end[shift] <= arrays.window_end[window]
        chunks.append((arrays.window_volunteer[window][inside], shift[inside]))
    return chunks
