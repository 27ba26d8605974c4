"""Statistics for participation: post-stratification (raking) weights and weighted summaries."""

from coproduce.methods.stats.weighting import (
    RakingResult,
    WeightingError,
    rake,
    weighted_mean,
    weighted_median,
    weighted_shares,
)

__all__ = [
    "RakingResult",
    "WeightingError",
    "rake",
    "weighted_mean",
    "weighted_median",
    "weighted_shares",
]
