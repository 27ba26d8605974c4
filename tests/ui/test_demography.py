"""Population dimensions and categories are read as words, in the page's language."""

from __future__ import annotations

import pytest
from django.utils import translation

from coproduce.ui.demography import category_label, dimension_label, group_label


@pytest.mark.parametrize(
    ("dimension", "category", "label"),
    [
        ("age_band", "16-24", "16 to 24"),
        ("age_band", "75+", "75 and over"),
        ("sex", "female", "Female"),
        ("deprivation_quintile", "1", "1 (most deprived)"),
        ("deprivation_quintile", 5, "5 (least deprived)"),
        ("deprivation_quintile", "3", "3"),
        ("household_type", "single_parent", "single parent"),
    ],
)
def test_categories_read_as_words(dimension, category, label):
    assert category_label(dimension, category) == label


def test_unknown_dimensions_are_tidied_not_shown_as_codes():
    assert dimension_label("age_band") == "Age band"
    assert dimension_label("household_type") == "Household type"
    assert group_label("sex", "male") == "Sex: Male"


def test_labels_follow_the_active_language():
    with translation.override("es"):
        assert dimension_label("sex") == "Sexo"
        assert category_label("sex", "female") == "Mujer"
    with translation.override("de"):
        assert dimension_label("age_band") == "Altersgruppe"


def test_templates_read_the_labels_through_the_demography_library():
    from django.template import Context, Template

    page = Template(
        "{% load demography %}{% group_label 'deprivation_quintile' 1 %}|"
        "{{ dims|dimension_list }}|{{ 'age_band'|dimension_label }}|"
        "{{ '65+'|category_label:'age_band' }}"
    ).render(Context({"dims": ("age_band", "sex")}))
    assert page == (
        "Deprivation quintile (1 = most deprived): 1 (most deprived)|age band, sex|Age band|"
        "65 and over"
    )
