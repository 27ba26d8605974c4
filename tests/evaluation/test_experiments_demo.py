"""Riverton's demo experiment loads once, finished, and its analysis shows the effect."""

from __future__ import annotations

import pytest

from coproduce.evaluation.experiment_models import Experiment
from coproduce.evaluation.experiments.analysis import experiment_analysis

pytestmark = pytest.mark.django_db


def test_the_demo_experiment_is_finished_and_shows_the_effect() -> None:
    from coproduce.evaluation import demo
    from coproduce.web import demo as city_demo

    city = city_demo.load()
    demo.load(city)
    demo.load(city)
    experiment = Experiment.objects.get()
    assert experiment.state == "sent"
    assert experiment.activity == city.activities["garden-survey"]
    assert experiment.assignments.count() >= 300
    result = experiment_analysis(experiment, permutations=2000)
    assert result.analysis is not None, result.problem
    effect = result.analysis.arms["Text B"]
    assert effect.estimate > 0.05 and effect.ci_low > 0
    assert effect.p_value < 0.05 and effect.permutation_p < 0.05
