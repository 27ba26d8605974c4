"""The ``coproduce`` command: the project's ``manage.py`` plus the methods' own commands.

``coproduce pb …`` and ``coproduce opinions …`` run the pure methods library and never load
Django, so researchers can use them on files without a database or settings.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from typing import cast


def _methods_command(name: str) -> Callable[[list[str]], int] | None:
    if name == "pb":
        from coproduce.methods.pb.cli import main as pb_main

        return cast("Callable[[list[str]], int]", pb_main)
    if name == "opinions":
        from coproduce.methods.opinions.cli import main as opinions_main

        return cast("Callable[[list[str]], int]", opinions_main)
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args:
        command = _methods_command(args[0])
        if command is not None:
            return command(args[1:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coproduce.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["coproduce", *args])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
