"""Statistics for participation: post-stratification (raking) weights and weighted summaries,
and who benefits (shares of a benefit against shares of the population)."""

from coproduce.methods.stats.benefits import (
    BenefitGroup,
    GroupBenefit,
    benefit_shares,
    concentration_index,
    group_medians,
)
from coproduce.methods.stats.weighting import (
    RakingResult,
    WeightingError,
    rake,
    weighted_mean,
    weighted_median,
    weighted_shares,
)

__all__ = [
    "BenefitGroup",
    "GroupBenefit",
    "RakingResult",
    "WeightingError",
    "benefit_shares",
    "concentration_index",
    "group_medians",
    "rake",
    "weighted_mean",
    "weighted_median",
    "weighted_shares",
]
