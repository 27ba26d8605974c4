"""The ``coproduce`` command: the project's ``manage.py`` plus the methods' own commands.

``coproduce pb …``, ``opinions …``, ``design …``, ``delivery …`` and ``evaluation …`` run
the pure methods library and never load Django, so researchers can use them on files
without a database or settings; ``opinions import`` and ``opinions export`` are the
exceptions (they read and write an activity), routed to Django commands.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable, Sequence
from typing import cast

# Commands that run the pure methods library without Django: command → module with ``main``.
METHODS_COMMANDS = {
    "pb": "coproduce.methods.pb.cli",
    "opinions": "coproduce.methods.opinions.cli",
    "design": "coproduce.methods.appraisal.cli",
    "delivery": "coproduce.methods.matching.cli",
    "evaluation": "coproduce.methods.experiments.cli",
}


# ``coproduce opinions import|export`` read and write the database: Django commands.
DJANGO_SUBCOMMANDS = {
    ("opinions", "import"): "opinions_import",
    ("opinions", "export"): "opinions_export",
}


def _methods_command(name: str) -> Callable[[list[str]], int] | None:
    module = METHODS_COMMANDS.get(name)
    if module is None:
        return None
    return cast("Callable[[list[str]], int]", importlib.import_module(module).main)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    django_command = DJANGO_SUBCOMMANDS.get((args[0], args[1])) if len(args) > 1 else None
    if django_command is not None:
        args = [django_command, *args[2:]]
    elif args:
        command = _methods_command(args[0])
        if command is not None:
            return command(args[1:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coproduce.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["coproduce", *args])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
