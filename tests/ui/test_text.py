"""The one look-alike matcher behind duplicate suggestions for proposals and ideas."""

from __future__ import annotations

from coproduce.ui.text import look_alikes

TITLES = [
    (1, "More benches on the river path"),
    (2, "Library opening hours"),
    (3, "Benches for the river path"),
]


def test_titles_sharing_most_long_words_are_suggested_most_alike_first() -> None:
    assert look_alikes("More benches on the river path", TITLES) == [1, 3]


def test_a_title_without_long_words_matches_nothing() -> None:
    assert look_alikes("a to be", TITLES) == []


def test_the_limit_is_kept_and_ties_keep_their_order() -> None:
    assert look_alikes("benches river path", TITLES) == [1, 3]
    assert look_alikes("benches river path", TITLES, limit=1) == [1]


def test_both_apps_use_the_one_matcher() -> None:
    import inspect

    from coproduce.commissioning.selectors import rounds
    from coproduce.design.selectors import ideas

    assert "look_alikes(" in inspect.getsource(rounds.proposal_duplicates)
    assert "look_alikes(" in inspect.getsource(ideas.idea_duplicates)
