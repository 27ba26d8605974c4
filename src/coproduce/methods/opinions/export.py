"""What a Polis export holds beside the conversation: Polis' own results, for comparison."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from coproduce.methods.opinions.conversation import Conversation

__all__ = ["PolisExport"]


@dataclass(frozen=True)
class PolisExport:
    """A conversation read from a Polis export, with whatever Polis computed itself.

    ``polis_groups`` maps participant id → Polis group id (from ``math-pca2.json`` or the
    ``group-id`` column); ``polis_gic`` statement id → group-informed consensus (openData
    exports that carry the column); ``polis_math`` the raw ``math-pca2.json``.
    """

    path: Path
    layout: Literal["csv", "api"]
    conversation: Conversation
    strict_moderation: bool = False
    polis_groups: dict[int, int] | None = None
    polis_gic: dict[int, float] | None = None
    polis_math: dict[str, Any] | None = field(default=None, repr=False)
