"""The co-commissioning app's models: rounds and proposals, ballots, priorities, plans."""

from coproduce.commissioning.models.ballots import (
    AreaResult,
    Ballot,
    BallotEnvelope,
    EntryStatus,
    ImportedVote,
    PaperEntry,
    ProjectResult,
    Receipt,
    SupersededCount,
    VoterCode,
)
from coproduce.commissioning.models.personal import (
    BudgetLine,
    ChangeStatus,
    PaymentMethod,
    PlanChange,
    SpendingRecord,
    SupportPlan,
)
from coproduce.commissioning.models.priorities import (
    Consequence,
    PriorityExercise,
    PriorityResponse,
    ServiceArea,
)
from coproduce.commissioning.models.rounds import (
    PHASE_ORDER,
    BallotArea,
    BallotFormat,
    BudgetingRound,
    Phase,
    Proposal,
    ProposalStatus,
    ProposalSupport,
    TallyStatus,
)
from coproduce.commissioning.rules import Rule

__all__ = [
    "PHASE_ORDER",
    "AreaResult",
    "Ballot",
    "BallotArea",
    "BallotEnvelope",
    "BallotFormat",
    "BudgetLine",
    "BudgetingRound",
    "ChangeStatus",
    "Consequence",
    "EntryStatus",
    "ImportedVote",
    "PaperEntry",
    "PaymentMethod",
    "Phase",
    "PlanChange",
    "PriorityExercise",
    "PriorityResponse",
    "ProjectResult",
    "Proposal",
    "ProposalStatus",
    "ProposalSupport",
    "Receipt",
    "Rule",
    "ServiceArea",
    "SpendingRecord",
    "SupersededCount",
    "SupportPlan",
    "TallyStatus",
    "VoterCode",
]
