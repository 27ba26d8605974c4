"""Read a Polis export folder in either layout."""

from __future__ import annotations

from pathlib import Path

from coproduce.methods.opinions.errors import PolisExportError
from coproduce.methods.opinions.export import PolisExport
from coproduce.methods.opinions.io_api import read_api_export
from coproduce.methods.opinions.io_csv import read_csv_export

__all__ = ["read_polis_export"]


def read_polis_export(folder: Path | str) -> PolisExport:
    """Return the conversation in ``folder``: openData CSVs or API JSON, detected by file.

    Raise :class:`PolisExportError` naming the file (and line) when it is missing or bad.
    """
    path = Path(folder)
    if not path.is_dir():
        raise PolisExportError(path, "not a directory")
    if (path / "votes.json").is_file():
        return read_api_export(path)
    if (path / "comments.csv").is_file():
        return read_csv_export(path)
    raise PolisExportError(path, "no comments.csv or votes.json: not a Polis export")
