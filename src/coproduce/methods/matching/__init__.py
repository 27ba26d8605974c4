"""Volunteer-to-shift matching: fill the most places, then travel the least.

Pure NumPy/SciPy and HiGHS, no Django. Build a :class:`MatchingInstance` from
:class:`Volunteer` and :class:`Shift` records (or :func:`parse` JSON), then :func:`match` it
into a :class:`Matching`: the assignment, the places filled, the total distance, and for
each shift a :class:`ShiftOutcome` whose :class:`Reason` code says why places are left.
"""

from coproduce.methods.matching.eligibility import EARTH_RADIUS_KM, haversine_km
from coproduce.methods.matching.errors import InstanceError, MatchingError
from coproduce.methods.matching.instance import MatchingInstance, Shift, Volunteer
from coproduce.methods.matching.io import instance_from_json, parse
from coproduce.methods.matching.result import Matching, Reason, ShiftOutcome
from coproduce.methods.matching.solve import match

__all__ = [
    "EARTH_RADIUS_KM",
    "InstanceError",
    "Matching",
    "MatchingError",
    "MatchingInstance",
    "Reason",
    "Shift",
    "ShiftOutcome",
    "Volunteer",
    "haversine_km",
    "instance_from_json",
    "match",
    "parse",
]
