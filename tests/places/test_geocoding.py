"""The address search: the local gazetteer's ranking, folding of accents and case, the limit,
a deployment's own geocoder, and the JSON the maps ask."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from coproduce.places.geocoding import Gazetteer, Match, geocoder, normalise
from coproduce.places.models import Street
from coproduce.places.streets import streets_replace

pytestmark = pytest.mark.django_db


def _load(*names: str) -> None:
    streets_replace(
        streets=[
            Street(name=name, lat=51.0 + i / 100, lon=0.1 + i / 100) for i, name in enumerate(names)
        ],
        actor=None,
    )


def _names(text: str, limit: int = 5) -> list[str]:
    return [match.name for match in Gazetteer().search(text, limit)]


def test_names_are_folded_without_accents_case_or_punctuation():
    assert normalise("  Côte-d'Or  STRASSE ") == "cote d or strasse"
    assert normalise("Ærø Gade") == normalise("ærø gade")


def test_the_same_name_comes_before_names_starting_with_it_then_words_then_inside():
    _load("Upper Mill Lane", "Mill Lane", "Millstone Road", "Windmill Close", "Mill")
    assert _names("mill") == [
        "Mill",
        "Mill Lane",
        "Millstone Road",
        "Upper Mill Lane",
        "Windmill Close",
    ]


def test_every_word_typed_must_start_a_word_of_the_name():
    _load("Station Road", "Station Approach", "Road Station")
    assert _names("stat ro") == ["Station Road", "Road Station"]
    assert _names("station lane") == []


def test_accents_and_case_do_not_matter_either_way():
    _load("Côte Lane", "Ängelholm Street")
    assert _names("COTE") == ["Côte Lane"]
    assert _names("côte lane") == ["Côte Lane"]
    assert _names("angelholm") == ["Ängelholm Street"]


def test_the_limit_is_kept_and_nothing_is_asked_for_no_text(city):
    _load(*(f"Park Road {n}" for n in range(10)))
    assert len(_names("park", limit=3)) == 3
    assert _names("park", limit=0) == []
    assert _names("   ") == []
    assert len(_names("park", limit=500)) == 10  # capped at 20, and only 10 exist


def test_places_are_found_at_the_middle_of_their_boundary(city):
    _load("Northgate")
    matches = Gazetteer().search("north", 5)
    assert [m.name for m in matches] == ["North", "Northgate", "North Ward"]
    north = matches[0]
    assert (north.kind, north.lat, north.lon) == ("district", 51.5, 0.5)
    assert matches[1].kind == "street"


class _OwnGeocoder:
    def search(self, text: str, limit: int = 5) -> list[Match]:
        return [Match(f"{text} (theirs)", 1.0, 2.0, "address")][:limit]


def test_a_deployment_plugs_in_its_own_geocoder(settings):
    settings.GEOCODER = f"{__name__}._OwnGeocoder"
    assert geocoder().search("10 Downing Street") == [
        Match("10 Downing Street (theirs)", 1.0, 2.0, "address")
    ]


def test_the_json_answers_the_maps_suggestions(client, city):
    _load("Station Road")
    response = client.get(reverse("geocode:search"), {"q": "station", "limit": "1"})
    assert response.status_code == 200
    assert response.json() == {
        "matches": [{"name": "Station Road", "lat": 51.0, "lon": 0.1, "kind": "street"}]
    }


@pytest.mark.parametrize("limit", ["", "many", "0", "1e400", "-3"])
def test_a_bad_limit_falls_back_to_five(client, city, limit: Any):
    _load(*(f"Mill {n}" for n in range(8)))
    response = client.get(reverse("geocode:search"), {"q": "mill", "limit": limit})
    assert response.status_code == 200
    assert len(response.json()["matches"]) == 5
