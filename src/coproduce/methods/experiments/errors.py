"""Errors and notices of the experiments methods: codes with their numbers, for translation."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from coproduce.methods.errors import MethodsError

__all__ = ["ExperimentError", "Notice"]


class ExperimentError(MethodsError):
    """An experiment cannot be set up or analysed as asked.

    ``code`` names the problem (``unknown_control``, ``too_few_units``, ``stratum_incomplete``,
    ``not_a_number``, …) and ``data`` holds the names and numbers behind it, so an app can word
    it in the reader's language; the message is the English wording for the command line.
    """

    def __init__(self, code: str, message: str, **data: object) -> None:
        self.code = code
        self.data: Mapping[str, object] = data
        super().__init__(message)


@dataclass(frozen=True)
class Notice:
    """Something the analysis did that its reader must know (a stratum dropped, …)."""

    code: str
    data: Mapping[str, object] = field(default_factory=dict)

    def to_dict(self) -> dict[str, object]:
        """Return ``{"code": …}`` with the data beside it."""
        return {"code": self.code, **self.data}
