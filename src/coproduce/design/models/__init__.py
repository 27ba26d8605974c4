from coproduce.design.models.ideas import AnswerStatus, Idea, IdeaAnswer, IdeaBoard, IdeaSupport
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
    "AnswerStatus",
    "Idea",
    "IdeaAnswer",
    "IdeaBoard",
    "IdeaSupport",
    "Moderation",
    "OpinionAnalysis",
    "OpinionMap",
    "OpinionParticipant",
    "OpinionVote",
    "Statement",
    "VoteChoice",
]
