"""Errors raised by the opinion-mapping methods."""

from __future__ import annotations

from pathlib import Path

from coproduce.methods.errors import MethodsError

__all__ = ["ConversationError", "OpinionsError", "PolisExportError"]


class OpinionsError(MethodsError):
    """Base of every error raised by ``coproduce.methods.opinions``."""


class ConversationError(OpinionsError):
    """A conversation built from plain data is inconsistent (unknown ids, bad votes)."""


class PolisExportError(OpinionsError):
    """A Polis export file is missing or malformed; names the file and, when known, the line."""

    def __init__(self, path: Path | str, message: str, line: int | None = None) -> None:
        self.path = Path(path)
        self.line = line
        where = f"{self.path}:{line}" if line is not None else str(self.path)
        super().__init__(f"{where}: {message}")
