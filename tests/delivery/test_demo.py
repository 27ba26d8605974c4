"""The demo city's volunteering loads (linked to a funded budgeting project), and loads
again without duplicating."""

from __future__ import annotations

import pytest

from coproduce.delivery.models import Opportunity, Shift, SignUp, SignUpStatus, VolunteerCheck
from coproduce.initiatives.models import Contribution, Lineage

pytestmark = pytest.mark.django_db


def test_the_demo_programme_loads_once_with_shifts_volunteers_checks_and_hours() -> None:
    from coproduce.delivery import demo
    from coproduce.governance.models import CommitmentOwner, CommitmentSource
    from coproduce.governance.services import commitment_create
    from coproduce.web import demo as city_demo

    city = city_demo.load()
    initiative = city.initiatives["safer-streets"]
    project = commitment_create(
        title="Station Road planters",
        organisation=initiative.organisation,
        owner=CommitmentOwner.ORGANISATION,
        actor=None,
        initiative=initiative,
        source=CommitmentSource.BUDGETING,
    )
    demo.load(city)
    counts = (Shift.objects.count(), SignUp.objects.count(), VolunteerCheck.objects.count())
    demo.load(city)
    assert counts == (
        Shift.objects.count(),
        SignUp.objects.count(),
        VolunteerCheck.objects.count(),
    )
    opportunity = Opportunity.objects.get()
    assert opportunity.activity == city.activities["street-champions"]
    assert opportunity.roles.count() == 3 and counts[0] == 5 and counts[2] == 3
    assert SignUp.objects.filter(status=SignUpStatus.WAITING).count() == 2
    confirmed = SignUp.objects.filter(minutes__isnull=False)
    assert confirmed.count() == 5
    assert Contribution.objects.filter(kind="volunteer-hours").count() == 5
    link = Lineage.objects.get(target_id=opportunity.pk, source_id=project.pk)
    assert link.kind == "led_to"
