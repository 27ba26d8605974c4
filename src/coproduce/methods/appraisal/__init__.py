"""Options appraisal with several criteria, for several stakeholder groups.

Pure NumPy, no Django. Build an :class:`Appraisal` (or read one with :func:`appraisal_from`
from parsed JSON), then :func:`appraise` it with WSM, TOPSIS or PROMETHEE II: each group's
preferences and ranking (ties reported), a maximin compromise across groups with where they
disagree most, and for each group how far each weight must move to change its first choice.
See docs/methods/appraisal.md.
"""

from coproduce.methods.appraisal.appraise import (
    AppraisalResult,
    appraise,
    method_from,
    rank_groups,
)
from coproduce.methods.appraisal.compromise import (
    RULE,
    Compromise,
    Disagreement,
    compromise_of,
    disagreement_of,
)
from coproduce.methods.appraisal.errors import AppraisalError
from coproduce.methods.appraisal.model import Appraisal, Criterion, Direction, Group, appraisal_from
from coproduce.methods.appraisal.ranking import TIE_TOLERANCE, GroupRanking, rank_levels, ranks_of
from coproduce.methods.appraisal.scoring import Method, preferences
from coproduce.methods.appraisal.sensitivity import (
    BISECT_TOLERANCE,
    SCAN_STEP,
    CriterionSensitivity,
    Sensitivity,
    Threshold,
    sensitivity_of,
    weights_along,
)

__all__ = [
    "BISECT_TOLERANCE",
    "RULE",
    "SCAN_STEP",
    "TIE_TOLERANCE",
    "Appraisal",
    "AppraisalError",
    "AppraisalResult",
    "Compromise",
    "Criterion",
    "CriterionSensitivity",
    "Direction",
    "Disagreement",
    "Group",
    "GroupRanking",
    "Method",
    "Sensitivity",
    "Threshold",
    "appraisal_from",
    "appraise",
    "compromise_of",
    "disagreement_of",
    "method_from",
    "preferences",
    "rank_groups",
    "rank_levels",
    "ranks_of",
    "sensitivity_of",
    "weights_along",
]
