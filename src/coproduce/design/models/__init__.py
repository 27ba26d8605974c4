from coproduce.design.models.opinions import (
    Moderation,
    OpinionAnalysis,
    OpinionMap,
    OpinionParticipant,
    OpinionVote,
    Statement,
    VoteChoice,
)

__all__ = [
    "Moderation",
    "OpinionAnalysis",
    "OpinionMap",
    "OpinionParticipant",
    "OpinionVote",
    "Statement",
    "VoteChoice",
]
