"""Errors raised by the volunteer-to-shift matching."""

from __future__ import annotations

from coproduce.methods.errors import MethodsError

__all__ = ["InstanceError", "MatchingError"]


class MatchingError(MethodsError):
    """Base of every error raised by ``coproduce.methods.matching``."""


class InstanceError(MatchingError):
    """An instance is malformed; ``field`` names the bad field (``shifts[2].end``)."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")
