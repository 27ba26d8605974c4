"""What every app's demo loader is handed: the demo city's core objects.

The web app's loader (``coproduce demo``) builds the city; each Co app's ``demo.load(city)``
adds its instruments to it. The type lives in the core so Co apps need not import web.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coproduce.accounts.models import Person
    from coproduce.initiatives.models import Activity, Initiative
    from coproduce.organisations.models import Organisation
    from coproduce.places.models import Place


@dataclass
class City:
    """What later apps' demo loaders build on."""

    city: Place
    districts: dict[str, Place]
    wards: dict[str, Place]
    organisations: dict[str, Organisation]
    people: dict[str, Person]
    residents: list[Person]
    initiatives: dict[str, Initiative]
    activities: dict[str, Activity] = field(default_factory=dict)
