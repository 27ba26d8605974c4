"""The options appraisal's pages: staff set-up behind the second factor, the scores grid
all or nothing, members weighing, invitation links, and results whose numbers are the
methods library's on the stored data."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from coproduce.design.appraisal import appraisal_outcome
from coproduce.design.models import (
    AppraisalOption,
    AppraisalScore,
    GroupMember,
    MemberWeight,
    StakeholderGroup,
)
from coproduce.design.selectors.appraisal_results import number
from coproduce.design.services.appraisal import appraisal_publish, invitation_token
from tests.design.appraisal_world import appraisal, criterion_pks, groups

__all__ = ["appraisal", "groups"]

pytestmark = pytest.mark.django_db


def _staff_urls(appraisal: Any, groups: Any) -> list[str]:
    pk = appraisal.activity_id
    return [
        reverse("design_staff:appraisal", args=[pk]),
        reverse("design_staff:appraisal_scores", args=[pk]),
        reverse("design_staff:appraisal_group", args=[pk, groups["traders"].pk]),
        reverse("design_staff:appraisal_preview", args=[pk]),
    ]


def test_residents_and_anonymous_visitors_are_refused_on_staff_pages(
    client: Any, appraisal: Any, groups: Any, resident: Any
) -> None:
    urls = _staff_urls(appraisal, groups)
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(resident)
    for url in urls:
        assert client.get(url).status_code == 403


def test_staff_without_their_second_factor_are_sent_to_set_it_up(
    client: Any, appraisal: Any, groups: Any, organiser: Any
) -> None:
    client.force_login(organiser)
    response = client.get(_staff_urls(appraisal, groups)[0])
    assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")


def test_a_forged_post_changes_nothing(
    client: Any, appraisal: Any, groups: Any, resident: Any, organiser: Any
) -> None:
    pk = appraisal.activity_id
    client.force_login(resident)
    posts = [
        (
            reverse("design_staff:appraisal", args=[pk]),
            {"form": "option", "option-name": "Car park"},
        ),
        (
            reverse("design_staff:appraisal_remove", args=[pk, "group", groups["traders"].pk]),
            {},
        ),
        (
            reverse("design_staff:appraisal_group", args=[pk, groups["traders"].pk]),
            {"action": "member", "member-email": resident.email},
        ),
        (reverse("design_staff:appraisal_publish", args=[pk]), {}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 403
    client.force_login(organiser)  # staff, but without the second factor in this session
    for url, data in posts:
        assert client.post(url, data).status_code == 302
        assert client.post(url, data)["Location"] == reverse("mfa_activate_totp")
    assert not AppraisalOption.objects.filter(name="Car park").exists()
    assert StakeholderGroup.objects.filter(pk=groups["traders"].pk).exists()
    assert not GroupMember.objects.filter(group=groups["traders"]).exists()
    assert client.get(reverse("design:appraisal", args=[pk])).context["published"] is False


def test_staff_add_parts_and_a_bad_scores_grid_says_why_and_stores_nothing(
    client: Any, appraisal: Any, organiser: Any, with_second_factor: Any
) -> None:
    client.force_login(with_second_factor(organiser))
    pk = appraisal.activity_id
    url = reverse("design_staff:appraisal", args=[pk])
    response = client.post(url, {"form": "option", "option-name": "Car park"})
    assert response.status_code == 302
    response = client.post(
        url,
        {"form": "criterion", "criterion-name": "Events", "criterion-direction": "benefit"},
    )
    assert response.status_code == 302
    assert client.post(url, {"form": "group", "group-name": ""}).status_code == 400
    options = list(appraisal.options.all())
    pks = criterion_pks(appraisal)
    grid = {f"score_{o.pk}_{c}": "10" for o in options for c in pks.values()}
    grid[f"score_{options[0].pk}_{pks['Cost']}"] = "cheap"
    before = sorted(AppraisalScore.objects.values_list("pk", "value"))
    response = client.post(reverse("design_staff:appraisal_scores", args=[pk]), grid)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Market square&#x27;s score on Cost must be a number." in page
    assert "Give Car park&#x27;s score on Events." not in page  # filled in the grid
    assert sorted(AppraisalScore.objects.values_list("pk", "value")) == before
    grid[f"score_{options[0].pk}_{pks['Cost']}"] = "99"
    response = client.post(reverse("design_staff:appraisal_scores", args=[pk]), grid)
    assert response.status_code == 302
    assert AppraisalScore.objects.get(option=options[0], criterion_id=pks["Cost"]).value == 99


def test_staff_add_a_member_by_email_and_enter_a_groups_weights(
    client: Any,
    appraisal: Any,
    groups: Any,
    organiser: Any,
    other_resident: Any,
    with_second_factor: Any,
) -> None:
    client.force_login(with_second_factor(organiser))
    pk, group = appraisal.activity_id, groups["traders"]
    url = reverse("design_staff:appraisal_group", args=[pk, group.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"action": "member", "member-email": other_resident.email})
    assert response.status_code == 302
    assert GroupMember.objects.filter(group=group, person=other_resident).exists()
    pks = criterion_pks(appraisal)
    data = {f"weights-criterion_{p}": "1" for p in pks.values()}
    response = client.post(url, {"action": "weights", **data, "weights-note": ""})
    assert response.status_code == 400 and "Say where these weights come from" in (
        response.content.decode()
    )
    group.refresh_from_db()
    assert group.weights_note == "Traders' workshop, 12 May"


def test_a_member_weighs_with_a_plain_form_and_others_cannot(
    client: Any, appraisal: Any, groups: Any, resident: Any, make_person: Any
) -> None:
    pks = criterion_pks(appraisal)
    url = reverse("design:appraisal_weigh", args=[appraisal.activity_id, groups["residents"].pk])
    client.force_login(resident)
    page = client.get(url).content.decode()
    assert "How important is Cost? (0 to 10)" in page and 'value="2"' in page
    data = {f"criterion_{pks['Cost']}": "9", f"criterion_{pks['Green space']}": "1"}
    data[f"criterion_{pks['Parking']}"] = "eleven"
    assert client.post(url, data).status_code == 400
    data[f"criterion_{pks['Parking']}"] = "0"
    assert client.post(url, data).status_code == 302
    weight = MemberWeight.objects.get(member__person=resident, criterion_id=pks["Cost"])
    assert weight.importance == 9
    outsider = make_person("outsider")
    client.force_login(outsider)
    assert client.post(url, data).status_code == 403
    assert not MemberWeight.objects.filter(member__person=outsider).exists()


def test_the_invitation_link_lets_a_signed_in_person_join(
    client: Any, appraisal: Any, groups: Any, make_person: Any
) -> None:
    pk, group = appraisal.activity_id, groups["forum"]
    url = reverse("design:appraisal_join", args=[pk, invitation_token(group)])
    assert "/accounts/login/" in client.get(url)["Location"]
    person = make_person("wheelchair_user")
    client.force_login(person)
    assert client.get(reverse("design:appraisal_join", args=[pk, "forged"])).status_code == 404
    assert "Join Disability forum" in client.get(url).content.decode()
    response = client.post(url)
    assert response["Location"] == reverse("design:appraisal_weigh", args=[pk, group.pk])
    assert GroupMember.objects.filter(group=group, person=person).exists()


def test_results_are_public_only_once_published(
    client: Any, appraisal: Any, groups: Any, organiser: Any
) -> None:
    url = reverse("design:appraisal", args=[appraisal.activity_id])
    page = client.get(url).content.decode()
    assert "The results are published here once" in page and "Compromise:" not in page
    appraisal_publish(appraisal=appraisal, actor=organiser)
    page = client.get(url).content.decode()
    assert "Compromise:" in page


@pytest.mark.parametrize("method", ["wsm", "topsis", "promethee"])
def test_the_pages_numbers_are_the_librarys_on_the_stored_data(
    client: Any, appraisal: Any, groups: Any, organiser: Any, method: str
) -> None:
    appraisal_publish(appraisal=appraisal, actor=organiser)
    response = client.get(
        reverse("design:appraisal", args=[appraisal.activity_id]), {"method": method}
    )
    page = response.content.decode()
    outcome = appraisal_outcome(appraisal, method)
    assert outcome.result is not None
    results = response.context["results"]
    for shown, ranking in zip(results.groups, outcome.result.groups, strict=True):
        expected = [
            (outcome.options[o].name, number(ranking.preference[o])) for o in ranking.ranking
        ]
        assert [(row[1], row[2]) for row in shown.rows] == expected
        for _option, value in expected:
            assert f">{value}<" in page
    compromise = outcome.options[outcome.result.compromise.option].name
    assert f"Compromise: {compromise}" in page
    assert "the option the least happy group likes best" in page


def test_a_made_up_method_is_a_bad_request(
    client: Any, appraisal: Any, groups: Any, organiser: Any
) -> None:
    appraisal_publish(appraisal=appraisal, actor=organiser)
    url = reverse("design:appraisal", args=[appraisal.activity_id])
    assert client.get(url, {"method": "astrology"}).status_code == 400


def test_staff_preview_the_results_before_publishing(
    client: Any, appraisal: Any, groups: Any, organiser: Any, with_second_factor: Any
) -> None:
    client.force_login(with_second_factor(organiser))
    page = client.get(reverse("design_staff:appraisal_preview", args=[appraisal.activity_id]))
    text = page.content.decode()
    assert page.status_code == 200 and "Only staff see this preview" in text
    assert "Compromise:" in text
    assert "would choose" in text or "No change of a single" in text


def test_an_activity_without_its_appraisal_is_set_up_from_the_staff_page(
    client: Any, activity_in: Any, organiser: Any, with_second_factor: Any
) -> None:
    from coproduce.design.models import Appraisal

    activity = activity_in("design", "appraisal", title="Layouts")
    public = client.get(reverse("design:appraisal", args=[activity.pk])).content.decode()
    assert "not ready yet" in public
    client.force_login(with_second_factor(organiser))
    url = reverse("design_staff:appraisal", args=[activity.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"settings-question": "", "settings-method": "wsm"})
    assert response.status_code == 400 and not Appraisal.objects.exists()
    response = client.post(url, {"settings-question": "Which layout?", "settings-method": "topsis"})
    assert response.status_code == 302
    assert Appraisal.objects.get(activity=activity).method == "topsis"


def test_the_published_data_downloads_in_the_methods_input(
    client: Any, appraisal: Any, groups: Any, organiser: Any
) -> None:
    from coproduce.methods.appraisal import appraisal_from, appraise

    url = reverse("design:appraisal_data", args=[appraisal.activity_id])
    assert client.get(url).status_code == 404
    appraisal_publish(appraisal=appraisal, actor=organiser)
    document = client.get(url).json()
    assert document["options"] == ["Market square", "Green square", "Shared space"]
    result = appraise(appraisal_from(document), "topsis")
    outcome = appraisal_outcome(appraisal, "topsis")
    assert outcome.result is not None
    assert result.compromise.option == outcome.options[outcome.result.compromise.option].name
