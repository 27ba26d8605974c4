"""Riverton's demo comments: a short discussion on the first idea, proposal, report and
commitment the public can see — stances on the idea (its activity asks for them), a reply,
an edited comment, and a flag waiting in the moderators' queue.

Idempotent: a target that already has comments is left as it is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser
from django.db.models import Model

from coproduce.discussion.models import CommentFlag, Stance
from coproduce.discussion.registry import CommentableSpec, commentables
from coproduce.discussion.selectors import comments_of
from coproduce.discussion.services import comment_edit, comment_post, comment_rules_set

if TYPE_CHECKING:
    from coproduce.accounts.models import Person
    from coproduce.initiatives.demo_city import City

# kind → (top-level comments: (writer index, stance, text), a reply to the first)
SCRIPTS: dict[str, tuple[list[tuple[int, str, str]], str]] = {
    "design.idea": (
        [
            (0, Stance.FOR, "Yes: the corner is where the school run crosses."),
            (1, Stance.AGAINST, "Planters take parking bays the shops need."),
            (2, Stance.NEUTRAL, "Could the planters be tried for a summer first?"),
        ],
        "A summer trial would answer the parking worry.",
    ),
    "commissioning.proposal": (
        [(3, "", "Our street would use this every day."), (4, "", "How is it kept up?")],
        "The friends group offered to look after it.",
    ),
    "assessment.report": (
        [(5, "", "Still there this morning, and deeper after the rain.")],
        "Thank you: reported again by phone too.",
    ),
    "governance.commitment": (
        [(6, "", "Good to see the dates in public. Will there be an update in spring?")],
        "The next update is due in March.",
    ),
}


def _first_public(model: type[Model], spec: CommentableSpec) -> Model | None:
    anonymous = AnonymousUser()
    for pk in model._default_manager.order_by("pk").values_list("pk", flat=True)[:50]:
        found = spec.find(anonymous, pk)
        if found is not None:
            return found
    return None


def _discuss(target: Model, kind: str, writers: list[Person], city: City) -> None:
    comments, reply = SCRIPTS[kind]
    written = [
        comment_post(person=writers[index], target=target, body=text, stance=stance)
        for index, stance, text in comments
    ]
    comment_post(person=writers[7], target=target, body=reply, parent=written[0])
    if len(written) > 1:
        comment_edit(
            person=writers[comments[1][0]],
            comment=written[1],
            body=written[1].body + " (Edited: I asked the traders.)",
        )
        CommentFlag.objects.get_or_create(
            comment=written[1], person=writers[8], defaults={"reason": "off_topic"}
        )


def load(city: City) -> None:
    """Add the demo discussions (after the Co apps' demos: INSTALLED_APPS lists this app
    after them)."""
    writers = [city.people["resident"], city.people["neighbour"], *city.residents[40:48]]
    for kind, (model, spec) in commentables().items():
        if kind not in SCRIPTS:
            continue
        target = _first_public(model, spec)
        if target is None or comments_of(target).exists():
            continue
        activity = spec.activity(target)
        if kind == "design.idea" and activity is not None:
            comment_rules_set(
                actor=city.people["staff"],
                activity=activity,
                who="signed_in",
                ask_stance=True,
                phases=[],
            )
        _discuss(target, kind, writers, city)
