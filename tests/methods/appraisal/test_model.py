"""Building an appraisal: weights normalised, and bad input named field by field."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import pytest

from coproduce.methods.appraisal import (
    Appraisal,
    AppraisalError,
    Criterion,
    Direction,
    appraisal_from,
    appraise,
)
from coproduce.methods.errors import MethodsError

Doc = dict[str, Any]


def test_weights_are_normalised_to_sum_one(square: Appraisal) -> None:
    weights = square.weights()
    assert weights.sum(axis=1) == pytest.approx([1, 1, 1])
    assert weights[0].tolist() == pytest.approx([0.3, 0.4, 0.2, 0.1])


def test_the_matrix_follows_the_order_of_options_and_criteria(square: Appraisal) -> None:
    assert square.options == ("shared_space", "green_square", "market_plaza")
    assert square.criterion_ids == ("cost", "green", "access", "pitches")
    assert square.matrix()[2].tolist() == [150000, 0.15, 65, 36]
    assert square.benefit().tolist() == [False, True, True, True]


def test_an_appraisal_read_from_json_holds_tuples_and_float_scores() -> None:
    appraisal = appraisal_from(
        {
            "options": ["a", "b"],
            "criteria": [{"id": "x", "direction": "cost"}],
            "scores": {"a": {"x": 1}, "b": {"x": 2}},
            "groups": [{"id": "g", "weights": {"x": 3}}],
        }
    )
    assert appraisal.options == ("a", "b")
    assert appraisal.criteria == (Criterion("x", Direction.COST),)
    assert isinstance(appraisal.scores["a"]["x"], float)
    assert appraisal.weights().tolist() == [[1.0]]


def test_an_appraisal_is_frozen(square: Appraisal) -> None:
    with pytest.raises(AttributeError):
        square.options = ("a", "b")  # type: ignore[misc]


def _set(path: tuple[Any, ...], value: Any) -> Callable[[Doc], None]:
    def change(doc: Doc) -> None:
        target = doc
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


def _delete(path: tuple[Any, ...]) -> Callable[[Doc], None]:
    def change(doc: Doc) -> None:
        target = doc
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]

    return change


BAD = {
    "one option": (_set(("options",), ["shared_space"]), "options", "too_few_options"),
    "a duplicate option": (
        _set(("options",), ["shared_space", "green_square", "shared_space"]),
        "options[2]",
        "duplicate_id",
    ),
    "an empty option id": (_set(("options", 1), ""), "options[1]", "bad_id"),
    "options not a list": (_set(("options",), "abc"), "options", "bad_type"),
    "a duplicate criterion": (_set(("criteria", 1, "id"), "cost"), "criteria[1]", "duplicate_id"),
    "no criteria": (_set(("criteria",), []), "criteria", "no_criteria"),
    "a bad direction": (
        _set(("criteria", 0, "direction"), "sideways"),
        "criteria[0].direction",
        "bad_direction",
    ),
    "an unknown key in a criterion": (
        _set(("criteria", 0, "unit"), "GBP"),
        "criteria[0].unit",
        "unknown_key",
    ),
    "an option without scores": (
        _delete(("scores", "green_square")),
        "scores.green_square",
        "missing_score",
    ),
    "a missing score": (
        _delete(("scores", "green_square", "access")),
        "scores.green_square.access",
        "missing_score",
    ),
    "a score for an unknown option": (
        _set(("scores", "car_park"), {}),
        "scores.car_park",
        "unknown_option",
    ),
    "a score on an unknown criterion": (
        _set(("scores", "market_plaza", "noise"), 3),
        "scores.market_plaza.noise",
        "unknown_criterion",
    ),
    "a text score": (_set(("scores", "market_plaza", "cost"), "cheap"), None, "not_a_number"),
    "a boolean score": (_set(("scores", "market_plaza", "green"), True), None, "not_a_number"),
    "an infinite score": (_set(("scores", "market_plaza", "cost"), math.inf), None, "not_finite"),
    "a NaN score": (_set(("scores", "market_plaza", "cost"), math.nan), None, "not_finite"),
    "a weight on an unknown criterion": (
        _set(("groups", 1, "weights", "noise"), 1),
        "groups[1].weights.noise",
        "unknown_criterion",
    ),
    "a missing weight": (
        _delete(("groups", 1, "weights", "green")),
        "groups[1].weights.green",
        "missing_weight",
    ),
    "a negative weight": (
        _set(("groups", 2, "weights", "cost"), -1),
        "groups[2].weights.cost",
        "negative_weight",
    ),
    "a NaN weight": (
        _set(("groups", 2, "weights", "cost"), math.nan),
        "groups[2].weights.cost",
        "not_finite",
    ),
    "all-zero weights": (
        _set(("groups", 0, "weights"), {"cost": 0, "green": 0, "access": 0, "pitches": 0}),
        "groups[0].weights",
        "zero_weights",
    ),
    "a duplicate group": (_set(("groups", 2, "id"), "residents"), "groups[2]", "duplicate_id"),
    "no groups": (_set(("groups",), []), "groups", "no_groups"),
    "weights not an object": (
        _set(("groups", 0, "weights"), [1, 2]),
        "groups[0].weights",
        "bad_type",
    ),
    "an unknown top-level key": (_set(("weigths",), {}), "weigths", "unknown_key"),
}


@pytest.mark.parametrize(("change", "field", "code"), BAD.values(), ids=BAD.keys())
def test_bad_input_raises_an_error_naming_the_field(
    square_data: Doc, change: Callable[[Doc], None], field: str | None, code: str
) -> None:
    change(square_data)
    with pytest.raises(AppraisalError) as raised:
        appraisal_from(square_data)
    assert raised.value.code == code
    expected = field or "scores.market_plaza."
    assert raised.value.field.startswith(expected)
    assert str(raised.value).startswith(f"{raised.value.field}: ")


def test_every_appraisal_error_is_a_methods_error() -> None:
    assert issubclass(AppraisalError, MethodsError)


def test_a_document_that_is_not_an_object_is_rejected() -> None:
    with pytest.raises(AppraisalError, match="expected an object") as raised:
        appraisal_from([1, 2])
    assert raised.value.code == "bad_type"


def test_a_criterion_built_directly_rejects_a_bad_direction() -> None:
    with pytest.raises(AppraisalError) as raised:
        Criterion("noise", "loud")  # type: ignore[arg-type]
    assert (raised.value.field, raised.value.code) == ("direction", "bad_direction")


def test_wsm_rejects_a_score_that_is_not_positive_naming_it(square_data: Doc) -> None:
    square_data["scores"]["green_square"]["green"] = 0
    square = appraisal_from(square_data)
    with pytest.raises(AppraisalError) as raised:
        appraise(square, "wsm")
    assert (raised.value.field, raised.value.code) == ("scores.green_square.green", "not_positive")
    assert appraise(square, "topsis").compromise.option


def test_an_unknown_method_is_named(square: Appraisal) -> None:
    with pytest.raises(AppraisalError) as raised:
        appraise(square, "ahp")
    assert (raised.value.field, raised.value.code) == ("method", "unknown_method")


def test_a_tie_order_must_list_every_option(square: Appraisal) -> None:
    with pytest.raises(AppraisalError) as raised:
        appraise(square, tie_order=["market_plaza"])
    assert (raised.value.field, raised.value.code) == ("tie_order", "bad_tie_order")
