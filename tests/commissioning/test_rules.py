"""The one rule table: every round rule is counted, named and described in one place."""

from __future__ import annotations

import pytest

from coproduce.commissioning.rules import (
    SPECS,
    Rule,
    offered_choices,
    rule_from_pabulib,
    rule_spec,
)
from coproduce.methods import pb
from coproduce.methods.pb.tally import declared_rule


def test_every_rule_has_a_spec_the_methods_library_runs() -> None:
    assert set(SPECS) == set(Rule.values)
    for spec in SPECS.values():
        assert spec.library in pb.RULES
        assert spec.completion is None or spec.completion in pb.COMPLETIONS
        assert spec.comparison in pb.COMPARISONS


@pytest.mark.parametrize("rule", list(Rule))
def test_the_name_written_in_a_pabulib_file_reads_back_as_the_same_rule(rule: Rule) -> None:
    spec = rule_spec(rule)
    election = pb.election_from_data(
        budget=10, projects=[{"id": "a", "cost": 5}], ballots=[["a"]], meta={"rule": spec.pabulib}
    )
    assert declared_rule(election) == (spec.library, spec.completion, spec.comparison)
    assert rule_from_pabulib(spec.pabulib) == rule


def test_other_names_files_use_are_read_as_our_rules_and_unknown_ones_as_greedy() -> None:
    assert rule_from_pabulib("greedy-exclusive") == Rule.GREEDY
    assert rule_from_pabulib("greedy-custom") == Rule.GREEDY_RESERVE
    assert rule_from_pabulib("unknown") == Rule.GREEDY


def test_staff_choose_among_the_rules_that_need_nothing_from_a_file() -> None:
    offered = [value for value, _label in offered_choices()]
    assert offered == [
        "greedy",
        "greedy-no-skip",
        "equal-shares",
        "equal-shares-compared",
        "phragmen",
    ]
