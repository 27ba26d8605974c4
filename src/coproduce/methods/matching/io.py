"""Read an instance from JSON (see docs/methods/matching.md for the format).

Every problem is an :class:`InstanceError` naming the field as a path into the document,
``volunteers[3].checks.dbs``; unknown keys are refused, so a misspelt limit is not ignored.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any, TypeVar

from coproduce.methods.matching.errors import InstanceError
from coproduce.methods.matching.instance import MatchingInstance, Shift, Volunteer

__all__ = ["instance_from_json", "parse"]

T = TypeVar("T")

_VOLUNTEER_KEYS = {"id", "lat", "lon", "available", "skills", "checks", "max_km", "max_hours"}
_SHIFT_KEYS = {"id", "start", "end", "lat", "lon", "capacity", "skills", "checks"}


def parse(text: str | bytes) -> MatchingInstance:
    """Return the instance in the JSON ``text``; raise :class:`InstanceError` if it is not
    valid JSON or not a valid instance."""
    try:
        data = json.loads(text)
    except (ValueError, UnicodeDecodeError) as error:
        raise InstanceError("instance", f"not valid JSON ({error})") from None
    return instance_from_json(data)


def instance_from_json(data: object) -> MatchingInstance:
    """Return the instance in decoded JSON ``data``; raise :class:`InstanceError` naming the
    field if it is malformed."""
    top = _object("instance", data, {"volunteers", "shifts"}, required={"volunteers", "shifts"})
    volunteers = _list("volunteers", top["volunteers"])
    shifts = _list("shifts", top["shifts"])
    return MatchingInstance(
        volunteers=tuple(_volunteer(f"volunteers[{i}]", v) for i, v in enumerate(volunteers)),
        shifts=tuple(_shift(f"shifts[{i}]", s) for i, s in enumerate(shifts)),
    )


def _volunteer(where: str, data: object) -> Volunteer:
    item = _object(where, data, _VOLUNTEER_KEYS, required={"id", "lat", "lon", "available"})
    checks = _object(f"{where}.checks", item.get("checks", {}), None, set())
    return Volunteer(
        id=_string(f"{where}.id", item["id"]),
        lat=_number(f"{where}.lat", item["lat"]),
        lon=_number(f"{where}.lon", item["lon"]),
        available=tuple(
            _window(f"{where}.available[{j}]", w)
            for j, w in enumerate(_list(f"{where}.available", item["available"]))
        ),
        skills=_names(f"{where}.skills", item.get("skills", [])),
        checks={
            name: _parsed(f"{where}.checks.{name}", value, date.fromisoformat, "a date")
            for name, value in checks.items()
        },
        max_km=_optional_number(f"{where}.max_km", item.get("max_km")),
        max_hours=_optional_number(f"{where}.max_hours", item.get("max_hours")),
    )


def _shift(where: str, data: object) -> Shift:
    item = _object(where, data, _SHIFT_KEYS, required=_SHIFT_KEYS - {"skills", "checks"})
    capacity = item["capacity"]
    if isinstance(capacity, bool) or not isinstance(capacity, int):
        raise InstanceError(f"{where}.capacity", "must be a whole number")
    return Shift(
        id=_string(f"{where}.id", item["id"]),
        start=_time(f"{where}.start", item["start"]),
        end=_time(f"{where}.end", item["end"]),
        lat=_number(f"{where}.lat", item["lat"]),
        lon=_number(f"{where}.lon", item["lon"]),
        capacity=capacity,
        skills=_names(f"{where}.skills", item.get("skills", [])),
        checks=_names(f"{where}.checks", item.get("checks", [])),
    )


def _object(
    where: str, data: object, keys: set[str] | None, required: set[str]
) -> Mapping[str, Any]:
    if not isinstance(data, dict):
        raise InstanceError(where, "must be an object")
    for key in sorted(required - data.keys()):
        raise InstanceError(f"{where}.{key}", "is missing")
    for key in sorted(data.keys() - keys) if keys is not None else ():
        raise InstanceError(f"{where}.{key}", "is not a known field")
    return data


def _list(where: str, data: object) -> list[Any]:
    if not isinstance(data, list):
        raise InstanceError(where, "must be a list")
    return data


def _string(where: str, data: object) -> str:
    if not isinstance(data, str) or not data:
        raise InstanceError(where, "must be a non-empty string")
    return data


def _number(where: str, data: object) -> float:
    if isinstance(data, bool) or not isinstance(data, int | float):
        raise InstanceError(where, "must be a number")
    return float(data)


def _optional_number(where: str, data: object) -> float | None:
    return None if data is None else _number(where, data)


def _names(where: str, data: object) -> frozenset[str]:
    return frozenset(_string(f"{where}[{i}]", n) for i, n in enumerate(_list(where, data)))


def _window(where: str, data: object) -> tuple[datetime, datetime]:
    pair = _list(where, data)
    if len(pair) != 2:
        raise InstanceError(where, "must be a [start, end] pair")
    return _time(f"{where}[0]", pair[0]), _time(f"{where}[1]", pair[1])


def _time(where: str, data: object) -> datetime:
    return _parsed(where, data, datetime.fromisoformat, "an ISO 8601 date and time")


def _parsed(where: str, data: object, parse: Callable[[str], T], what: str) -> T:
    if not isinstance(data, str):
        raise InstanceError(where, f"must be {what} as a string")
    try:
        return parse(data)
    except ValueError:
        raise InstanceError(where, f"must be {what}, not {data!r}") from None
