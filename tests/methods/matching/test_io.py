"""Reading instances from JSON: the documented format, and errors that name the bad field."""

from __future__ import annotations

import copy
import json
from datetime import date, datetime, timedelta, timezone
from typing import Any

import pytest

from coproduce.methods.errors import MethodsError
from coproduce.methods.matching import (
    InstanceError,
    MatchingError,
    MatchingInstance,
    Shift,
    Volunteer,
    instance_from_json,
    parse,
)

#: The example of the issue.
EXAMPLE: dict[str, Any] = {
    "volunteers": [
        {
            "id": "v1",
            "skills": ["first-aid"],
            "checks": {"dbs": "2027-03-01"},
            "available": [["2026-12-05T09:00", "2026-12-05T17:00"]],
            "lat": 51.5,
            "lon": -0.1,
            "max_km": 5,
            "max_hours": 8,
        }
    ],
    "shifts": [
        {
            "id": "s1",
            "start": "2026-12-05T10:00",
            "end": "2026-12-05T12:00",
            "lat": 51.51,
            "lon": -0.12,
            "capacity": 3,
            "skills": ["first-aid"],
            "checks": ["dbs"],
        }
    ],
}


def test_the_issues_example_reads_into_typed_records() -> None:
    instance = parse(json.dumps(EXAMPLE))
    (v,), (s,) = instance.volunteers, instance.shifts
    assert v == Volunteer(
        id="v1",
        lat=51.5,
        lon=-0.1,
        available=((datetime(2026, 12, 5, 9), datetime(2026, 12, 5, 17)),),
        skills=frozenset({"first-aid"}),
        checks={"dbs": date(2027, 3, 1)},
        max_km=5,
        max_hours=8,
    )
    assert s == Shift(
        id="s1",
        start=datetime(2026, 12, 5, 10),
        end=datetime(2026, 12, 5, 12),
        lat=51.51,
        lon=-0.12,
        capacity=3,
        skills=frozenset({"first-aid"}),
        checks=frozenset({"dbs"}),
    )


def test_skills_checks_and_limits_may_be_left_out() -> None:
    minimal = {
        "volunteers": [{"id": "v", "lat": 0, "lon": 0, "available": [], "max_km": None}],
        "shifts": [{"id": "s", "start": "2026-12-05T10:00", "end": "2026-12-05T11:00",
                    "lat": 0, "lon": 0, "capacity": 1}],
    }  # fmt: skip
    instance = instance_from_json(minimal)
    assert instance.volunteers[0].max_km is None and instance.volunteers[0].max_hours is None
    assert instance.shifts[0].skills == frozenset()


def test_times_with_an_offset_are_read_as_aware() -> None:
    data = copy.deepcopy(EXAMPLE)
    data["shifts"][0]["start"] = "2026-12-05T10:00+01:00"
    data["shifts"][0]["end"] = "2026-12-05T12:00Z"
    data["volunteers"][0]["available"] = [["2026-12-05T09:00Z", "2026-12-05T17:00+00:00"]]
    shift = parse(json.dumps(data)).shifts[0]
    assert shift.start.utcoffset() == timedelta(hours=1)
    assert shift.end.tzinfo is not None and shift.end.utcoffset() == timedelta(0)


def _with(path: str, value: Any) -> dict[str, Any]:
    """The example with the field at ``path`` (dots; ``[i]`` for lists) set, or removed."""
    data = copy.deepcopy(EXAMPLE)
    *parents, last = path.replace("[", ".").replace("]", "").split(".")
    node: Any = data
    for key in parents:
        node = node[int(key)] if isinstance(node, list) else node[key]
    if value is _REMOVE:
        del node[last]
    elif isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value
    return data


_REMOVE = object()


@pytest.mark.parametrize(
    ("path", "value", "field", "words"),
    [
        ("shifts", _REMOVE, "instance.shifts", "missing"),
        ("volunteers", {}, "volunteers", "list"),
        ("volunteers[0].max_hour", 8, "volunteers[0].max_hour", "not a known field"),
        ("volunteers[0].id", _REMOVE, "volunteers[0].id", "missing"),
        ("volunteers[0].id", "", "volunteers[0].id", "non-empty string"),
        ("volunteers[0].lat", "51.5", "volunteers[0].lat", "number"),
        ("volunteers[0].lat", 91, "volunteers[0].lat", "-90 to 90"),
        ("volunteers[0].lon", -181, "volunteers[0].lon", "-180 to 180"),
        ("volunteers[0].lat", True, "volunteers[0].lat", "number"),
        ("volunteers[0].max_km", -1, "volunteers[0].max_km", "≥ 0"),
        ("volunteers[0].max_hours", "8", "volunteers[0].max_hours", "number"),
        ("volunteers[0].skills", "first-aid", "volunteers[0].skills", "list"),
        ("volunteers[0].skills[0]", 3, "volunteers[0].skills[0]", "non-empty string"),
        ("volunteers[0].checks", ["dbs"], "volunteers[0].checks", "object"),
        ("volunteers[0].checks.dbs", "01/03/2027", "volunteers[0].checks.dbs", "a date"),
        ("volunteers[0].checks.dbs", "2027-03-01T10:00", "volunteers[0].checks.dbs", "a date"),
        ("volunteers[0].available[0]", ["2026-12-05T09:00"], "volunteers[0].available[0]", "pair"),
        ("volunteers[0].available[0][1]", "5pm", "volunteers[0].available[0][1]", "ISO 8601"),
        ("volunteers[0].available[0][1]", "2026-12-05T08:00", "volunteers[0].available[0].end",
         "after the start"),
        ("shifts[0].end", "2026-12-05T10:00", "shifts[0].end", "after the start"),
        ("shifts[0].start", 20261205, "shifts[0].start", "as a string"),
        ("shifts[0].capacity", 2.5, "shifts[0].capacity", "whole number"),
        ("shifts[0].capacity", -1, "shifts[0].capacity", "≥ 0"),
        ("shifts[0].checks", [""], "shifts[0].checks[0]", "non-empty string"),
        ("shifts[0].end", "2026-12-05T12:00Z", "shifts[0].end", "mixes timezone-aware and naive"),
    ],
)  # fmt: skip
def test_bad_input_raises_an_error_naming_the_field(
    path: str, value: Any, field: str, words: str
) -> None:
    with pytest.raises(InstanceError) as caught:
        instance_from_json(_with(path, value))
    assert caught.value.field == field
    assert words in str(caught.value)
    assert str(caught.value).startswith(f"{field}: ")


def test_a_repeated_id_is_refused() -> None:
    data = copy.deepcopy(EXAMPLE)
    data["shifts"].append(copy.deepcopy(data["shifts"][0]))
    with pytest.raises(InstanceError, match=r"^shifts\[1\]\.id: repeats 's1'"):
        instance_from_json(data)


def test_text_that_is_not_json_is_refused() -> None:
    with pytest.raises(InstanceError, match=r"^instance: not valid JSON"):
        parse("{volunteers: []}")


def test_the_top_level_must_be_an_object() -> None:
    with pytest.raises(InstanceError, match=r"^instance: must be an object"):
        parse("[]")


def test_instances_built_in_python_are_checked_too() -> None:
    paris = timezone(timedelta(hours=1))
    with pytest.raises(InstanceError, match=r"^shifts\[0\]\.end: must be after the start"):
        MatchingInstance(
            volunteers=(),
            shifts=(Shift("s", datetime(2026, 1, 1, 10), datetime(2026, 1, 1, 9), 0, 0, 1),),
        )
    aware = Shift(
        "s", datetime(2026, 1, 1, 9, tzinfo=paris), datetime(2026, 1, 1, 10, tzinfo=paris), 0, 0, 1
    )
    naive = Volunteer("v", 0, 0, available=((datetime(2026, 1, 1), datetime(2026, 1, 2)),))
    with pytest.raises(InstanceError, match="mixes timezone-aware and naive"):
        MatchingInstance(volunteers=(naive,), shifts=(aware,))


def test_every_error_is_a_methods_error() -> None:
    assert issubclass(InstanceError, MatchingError)
    assert issubclass(MatchingError, MethodsError)
