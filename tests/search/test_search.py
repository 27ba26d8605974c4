"""Site-wide search: matching on the database in use, filters, and who may find what."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from coproduce.governance.models import Commitment
from coproduce.initiatives.models import Initiative, Visibility
from coproduce.places.models import Place
from coproduce.search.models import SearchEntry
from coproduce.search.registry import search_reindex
from coproduce.search.selectors import SearchFilters, search


def _titles(page: Any) -> list[str]:
    return [hit.title for hit in page.hits]


@pytest.fixture
def hidden_initiative(council: Any, city: Any) -> Initiative:
    return Initiative.objects.create(
        title="Confidential allotment review",
        slug="allotment-review",
        summary="Allotment rents, before the public consultation.",
        origin="inside_out",
        organisation=council,
        place=city,
        visibility=Visibility.MEMBERS,
    )


def test_saving_a_thing_indexes_it_and_search_finds_it_by_a_word_of_its_text(
    initiative: Any, anonymous: Any
):
    page = search(SearchFilters(query="together"), person=anonymous)
    assert _titles(page) == ["Better parks"]
    assert page.hits[0].url == initiative.get_absolute_url()
    assert page.hits[0].kind_label == "Initiatives"


def test_every_word_must_match_and_a_prefix_is_enough(initiative: Any, anonymous: Any):
    assert _titles(search(SearchFilters(query="park"), person=anonymous)) == ["Better parks"]
    assert _titles(search(SearchFilters(query="parks zebra"), person=anonymous)) == []


def test_edits_and_deletions_follow_into_the_index(initiative: Any, anonymous: Any):
    initiative.title = "Greener squares"
    initiative.save()
    assert _titles(search(SearchFilters(query="greener"), person=anonymous)) == ["Greener squares"]
    initiative.stages.all().delete()
    initiative.delete()
    assert not SearchEntry.objects.filter(kind="initiative").exists()
    assert search(SearchFilters(query="greener"), person=anonymous).total == 0


def test_a_members_only_initiative_is_found_by_its_staff_but_not_by_the_public(
    hidden_initiative: Any, anonymous: Any, resident: Any, organiser: Any
):
    query = SearchFilters(query="allotment")
    assert search(query, person=anonymous).total == 0
    assert search(query, person=resident).total == 0
    assert _titles(search(query, person=organiser)) == ["Confidential allotment review"]


def test_the_hidden_item_stays_hidden_on_the_page_and_shows_to_staff_with_totp(
    client: Any, hidden_initiative: Any, organiser: Any, with_second_factor: Any
):
    url = reverse("web:search") + "?q=allotment"
    assert "Confidential allotment review" not in client.get(url).content.decode()
    with_second_factor(organiser)
    client.force_login(organiser)
    response = client.get(url)
    assert response.status_code == 200
    assert "Confidential allotment review" in response.content.decode()


def test_filters_by_kind_place_and_status(initiative: Any, city: Any, council: Any, anonymous: Any):
    north = Place.objects.get(slug="north")
    ward = Place.objects.get(slug="north-ward")
    for title, status in (
        ("Mend the park gate", "done"),
        ("Open the park toilets", "planned"),
    ):
        Commitment.objects.create(
            title=title, owner="organisation", organisation=council, status=status
        )
    Initiative.objects.create(
        title="North park friends",
        slug="north-park",
        summary="A park group.",
        origin="outside_in",
        organisation=council,
        place=ward,
    )
    everything = search(SearchFilters(query="park"), person=anonymous)
    assert sorted(_titles(everything)) == [
        "Better parks",
        "Mend the park gate",
        "North park friends",
        "Open the park toilets",
    ]
    commitments = search(SearchFilters(query="park", kind="commitment"), person=anonymous)
    assert sorted(_titles(commitments)) == ["Mend the park gate", "Open the park toilets"]
    done = search(SearchFilters(query="park", kind="commitment", status="done"), person=anonymous)
    assert _titles(done) == ["Mend the park gate"]
    # A place filter takes in the places inside it: North holds North Ward.
    in_north = search(SearchFilters(query="park", place=north.slug), person=anonymous)
    assert _titles(in_north) == ["North park friends"]
    assert search(SearchFilters(query="park", place="nowhere"), person=anonymous).total == 0


def test_reindex_rebuilds_the_index_from_the_database(initiative: Any, anonymous: Any):
    SearchEntry.objects.all().delete()
    assert search(SearchFilters(query="parks"), person=anonymous).total == 0
    counts = search_reindex()
    assert counts["initiative"] == 1 and counts["place"] == Place.objects.count()
    assert _titles(search(SearchFilters(query="parks"), person=anonymous)) == ["Better parks"]


def test_the_reindex_command_refuses_an_unknown_kind(db: None):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no such kind: spaceship"):
        call_command("search", "reindex", "spaceship")


def test_results_are_paged(council: Any, city: Any, anonymous: Any):
    for n in range(45):
        Commitment.objects.create(
            title=f"Plant tree number {n}", owner="organisation", organisation=council
        )
    first = search(SearchFilters(query="tree"), person=anonymous)
    third = search(SearchFilters(query="tree"), person=anonymous, page=3)
    assert (first.total, first.pages, len(first.hits), len(third.hits)) == (45, 3, 20, 5)
    assert not set(_titles(first)) & set(_titles(third))


def test_the_page_ignores_unknown_filters_and_survives_hostile_text(client: Any, initiative: Any):
    for query in ("parks", "\"parks' OR 1=1 --", "a & b | !c:*", "ñandú", "x" * 300, "(((", "*"):
        response = client.get(reverse("web:search"), {"q": query, "kind": "spaceship", "page": "x"})
        assert response.status_code == 200, query
    response = client.get(reverse("web:search"), {"q": "parks", "kind": "spaceship"})
    assert "Better parks" in response.content.decode()


def test_the_home_page_offers_search(client: Any, db: None):
    html = client.get(reverse("web:home")).content.decode()
    assert f'action="{reverse("web:search")}"' in html


@pytest.mark.skipif(
    "not __import__('django.db', fromlist=['connection']).connection.vendor == 'postgresql'"
)
def test_on_postgresql_a_spanish_page_stems_spanish_words(council: Any, city: Any, anonymous: Any):
    Commitment.objects.create(
        title="Arreglar las farolas de la plaza", owner="organisation", organisation=council
    )
    found = search(SearchFilters(query="farola"), person=anonymous, language="es")
    assert _titles(found) == ["Arreglar las farolas de la plaza"]


def test_words_that_match_a_lot_list_the_newest_first_and_say_so(
    council: Any, anonymous: Any, monkeypatch: Any, client: Any
):
    from coproduce.search import selectors

    for n in range(5):
        Commitment.objects.create(
            title=f"Plant hedge {n}" + " hedge" * n, owner="organisation", organisation=council
        )
    ranked = search(SearchFilters(query="hedge"), person=anonymous)
    assert ranked.by_relevance and ranked.hits[0].title == "Plant hedge 4 hedge hedge hedge hedge"
    monkeypatch.setattr(selectors, "RANK_LIMIT", 3)
    newest = search(SearchFilters(query="hedge"), person=anonymous)
    assert not newest.by_relevance and newest.total == 5
    order = list(SearchEntry.objects.filter(kind="commitment").order_by("-updated_at", "-pk"))
    assert [h.title for h in newest.hits] == [e.title for e in order]
    html = client.get(reverse("web:search"), {"q": "hedge"}).content.decode()
    assert "the newest come first" in html
