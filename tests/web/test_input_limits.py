"""Every text and number a person can type has an upper limit, enforced before any write."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Iterator

import pytest
from django import forms

import coproduce
from coproduce.ui.input import (
    LONG_TEXT,
    answer_number_parse,
    number_parse,
    whole_number_parse,
)


def _project_forms() -> Iterator[type[forms.BaseForm]]:
    for info in pkgutil.walk_packages(coproduce.__path__, "coproduce."):
        if ".methods" in info.name or ".migrations" in info.name or info.name.endswith("wsgi"):
            continue
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if (
                inspect.isclass(value)
                and issubclass(value, forms.BaseForm)
                and value.__module__ == module.__name__
            ):
                yield value


def field_without_limit(field: forms.Field) -> str | None:
    """Say what limit a field lacks, or None when it has every one it needs."""
    if isinstance(field, forms.CharField) and field.max_length is None:
        return "max_length"
    if isinstance(field, forms.IntegerField | forms.DecimalField) and (
        field.max_value is None or field.min_value is None
    ):
        return "min_value and max_value"
    return None


def test_every_form_field_has_an_upper_limit() -> None:
    missing = {
        f"{form.__module__}.{form.__name__}.{name}": lack
        for form in _project_forms()
        for name, field in form.base_fields.items()
        if (lack := field_without_limit(field))
    }
    assert missing == {}


@pytest.mark.django_db
def test_every_survey_question_field_has_an_upper_limit() -> None:
    from coproduce.assessment.models import Question, QuestionKind
    from coproduce.assessment.survey_forms import question_field

    for kind in QuestionKind:
        question = Question(kind=kind, prompt="How many?", choices=["a", "b"])
        assert field_without_limit(question_field(question)) is None, kind


@pytest.mark.django_db
def test_every_report_attribute_field_has_an_upper_limit() -> None:
    from coproduce.assessment.forms import attribute_field
    from coproduce.assessment.models import AttributeType, CategoryAttribute

    for datatype in AttributeType:
        attribute = CategoryAttribute(
            datatype=datatype, description="Which?", values=[{"key": "a", "name": "A"}]
        )
        assert field_without_limit(attribute_field(attribute)) is None, datatype


@pytest.mark.parametrize("text", ["NaN", "nan", "inf", "-inf", "1e309", "-1e400", "Infinity"])
def test_numbers_that_are_not_finite_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="finite"):
        number_parse(text, minimum=-1, maximum=1)


@pytest.mark.parametrize("text", ["", "x", "1,5", "²", "0x10"])
def test_what_is_not_a_number_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="must be a number"):
        number_parse(text, minimum=-1, maximum=1)


@pytest.mark.parametrize("text", ["²", "١", "1.0", "9" * 5000, " ", "-"])
def test_a_whole_number_is_ascii_digits(text: str) -> None:
    with pytest.raises(ValueError):
        whole_number_parse(text)


def test_a_whole_number_out_of_range_is_refused() -> None:
    assert whole_number_parse(" 42 ") == 42
    with pytest.raises(ValueError, match="between"):
        whole_number_parse(str(2**63))


def test_an_answer_number_keeps_integers_whole_and_refuses_the_absurd() -> None:
    assert answer_number_parse("12") == 12 and isinstance(answer_number_parse("12.0"), int)
    assert answer_number_parse("2.5") == 2.5
    with pytest.raises(ValueError):
        answer_number_parse(str(10**23))


def test_long_text_is_several_paragraphs() -> None:
    assert 2000 <= LONG_TEXT <= 10_000
