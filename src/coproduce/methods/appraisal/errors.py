"""Errors raised by the options appraisal."""

from __future__ import annotations

from coproduce.methods.errors import MethodsError

__all__ = ["AppraisalError"]


class AppraisalError(MethodsError):
    """An appraisal is malformed, or a method cannot rank it.

    ``field`` names the offending input as a path into the JSON document
    (``scores.a.cost``, ``groups[1].weights.green``); ``code`` says what is wrong
    (``missing_score``, ``negative_weight``, …) so callers can word it in any language.
    """

    def __init__(self, field: str, code: str, message: str) -> None:
        self.field = field
        self.code = code
        self.message = message
        super().__init__(f"{field}: {message}" if field else message)
