"""Errors raised by the participatory-budgeting library."""

from __future__ import annotations

from coproduce.methods.errors import MethodsError

__all__ = ["PabulibError", "RuleError"]


class PabulibError(MethodsError):
    """A pabulib file (or plain data standing for one) is malformed.

    ``line`` is the 1-based line of the file where the problem was found, or ``None`` when the
    election was built from plain Python data.
    """

    def __init__(self, message: str, line: int | None = None) -> None:
        self.line = line
        self.message = message
        super().__init__(f"line {line}: {message}" if line is not None else message)


class RuleError(MethodsError):
    """A rule was asked for something it cannot do (e.g. Phragmén on ranked ballots)."""
