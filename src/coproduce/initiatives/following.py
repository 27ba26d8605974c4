"""What of this app can be followed: initiatives and activities (a round, a survey…)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from coproduce.accounts.following import Followable, register_followable
from coproduce.initiatives.models import Activity, Initiative
from coproduce.initiatives.pages import activity_page_urls
from coproduce.initiatives.selectors import activities_for_user, initiatives_for_user


def _initiative(person: Any, pk: int) -> Initiative | None:
    return initiatives_for_user(person).filter(pk=pk).first()


def _activity(person: Any, pk: int) -> Activity | None:
    return activities_for_user(person).filter(pk=pk).first()


def register() -> None:
    register_followable(Followable(model=Initiative, label=_("initiative"), find=_initiative))
    register_followable(
        Followable(
            model=Activity, label=_("activity"), find=_activity, page_urls=activity_page_urls
        )
    )
