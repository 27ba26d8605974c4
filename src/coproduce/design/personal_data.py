"""What co-design holds about a person: ideas and supports, opinion-map statements and votes.

Erasure unlinks rather than deletes: the person's participant row loses its link to the
account, so their statements stay (public content, now anonymous, as in Polis) and their
votes stay in the map unlinked, so the map others see does not shift and an export of the
conversation stays whole. Nothing left names or points to the person.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from coproduce.accounts.personal_data import PersonalData
from coproduce.design.models import (
    Idea,
    IdeaSupport,
    OpinionParticipant,
    OpinionVote,
    Statement,
)

if TYPE_CHECKING:
    from coproduce.accounts.models import Person


def _export(person: Person) -> dict[str, Any]:
    participants = OpinionParticipant.objects.filter(person=person)
    statements = Statement.objects.filter(author__in=participants).select_related(
        "opinion_map__activity"
    )
    votes = OpinionVote.objects.filter(participant__in=participants).select_related(
        "statement__opinion_map__activity"
    )
    ideas = Idea.objects.filter(author=person).select_related("board__activity")
    supports = IdeaSupport.objects.filter(person=person).select_related("idea__board__activity")
    return {
        "ideas": [
            {
                "activity": i.board.activity.title,
                "title": i.title,
                "idea": i.text,
                "category": i.category,
                "at": i.created_at.isoformat(),
            }
            for i in ideas
        ],
        "idea_supports": [
            {
                "activity": s.idea.board.activity.title,
                "idea": s.idea.title,
                "at": s.created_at.isoformat(),
            }
            for s in supports
        ],
        "opinion_statements": [
            {
                "activity": s.opinion_map.activity.title,
                "statement": s.text,
                "moderation": s.get_status_display(),
                "at": s.created_at.isoformat(),
            }
            for s in statements
        ],
        "opinion_votes": [
            {
                "activity": v.statement.opinion_map.activity.title,
                "statement": v.statement.text,
                "vote": v.get_value_display(),
                "at": v.voted_at.isoformat(),
            }
            for v in votes
        ],
    }


def _erase(person: Person) -> None:
    OpinionParticipant.objects.filter(person=person).update(person=None)
    # Ideas are public content: they stay, anonymous; supports are private acts: deleted
    # (an idea's count drops, as when a person withdraws).
    Idea.objects.filter(author=person).update(author=None)
    IdeaSupport.objects.filter(person=person).delete()


DESIGN = PersonalData(
    section="design",
    export=_export,
    erase=_erase,
    fields=(
        "design.OpinionParticipant.person",
        "design.Idea.author",
        "design.IdeaSupport.person",
        # Kept, pointing to the anonymised account: staff's own records.
        "design.Statement.seeded_by",
        "design.Statement.moderated_by",
        "design.IdeaAnswer.answered_by",
    ),
)


def _appraisal_export(person: Person) -> dict[str, Any]:
    from coproduce.design.models import GroupMember

    members = (
        GroupMember.objects.filter(person=person)
        .select_related("group__appraisal__activity")
        .prefetch_related("weights__criterion")
        .order_by("joined_at")
    )
    return {
        "stakeholder_groups": [
            {
                "activity": m.group.appraisal.activity.title,
                "group": m.group.name,
                "joined_at": m.joined_at.isoformat(),
                "importance": {w.criterion.name: w.importance for w in m.weights.all()},
            }
            for m in members
        ]
    }


def _appraisal_erase(person: Person) -> None:
    from coproduce.design.models import GroupMember

    # The weights stay, unlinked, so the group's published weights do not shift.
    GroupMember.objects.filter(person=person).update(person=None)


APPRAISAL_DATA = PersonalData(
    section="design_appraisal",
    export=_appraisal_export,
    erase=_appraisal_erase,
    fields=(
        "design.GroupMember.person",
        # Kept, pointing to the anonymised account: staff's own records.
        "design.GroupMember.added_by",
        "design.StakeholderGroup.weights_entered_by",
    ),
)
