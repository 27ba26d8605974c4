"""``coproduce delivery …``: match volunteers to shifts from the command line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from coproduce.methods.matching.errors import MatchingError
from coproduce.methods.matching.io import parse
from coproduce.methods.matching.result import Matching, Reason, ShiftOutcome
from coproduce.methods.matching.solve import match

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="coproduce delivery", description="Co-delivery: volunteers and shifts."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser(
        "match", help="fill the most places, then travel the least (an exact optimum)"
    )
    run.add_argument("instance", type=Path, help="the instance as JSON (see the docs)")
    run.add_argument("--format", choices=("json", "table"), default="table")
    run.add_argument(
        "--explain", action="store_true", help="JSON: add why places are left unfilled"
    )
    return parser


def _reason(outcome: ShiftOutcome) -> str:
    """The reason as a sentence, for people reading the table."""
    data = outcome.data
    if outcome.reason is Reason.NO_ELIGIBLE_VOLUNTEER:
        failing = ", ".join(
            f"{data[f'failing_{rule}']} {rule}"
            for rule in ("skills", "checks", "availability", "distance", "hours")
            if data[f"failing_{rule}"]
        )
        return f"nobody may take it (of {data['volunteers']} volunteers, failing: {failing})"
    if outcome.reason is Reason.TOO_FEW_ELIGIBLE:
        return f"only {data['eligible']} eligible, all on it"
    return (
        f"{data['eligible']} eligible, the others busy: {data['busy_overlap']} on an "
        f"overlapping shift, {data['busy_hours']} out of hours"
    )


def _table(result: Matching) -> str:
    capacity = sum(s.capacity for s in result.shifts)
    lines = [
        f"Filled {result.filled} of {capacity} places on {len(result.shifts)} shifts; "
        f"total distance {result.distance_km:,.3f} km."
    ]
    people: dict[str, list[str]] = {}
    for volunteer, shift in result.assignment:
        people.setdefault(shift, []).append(volunteer)
    width = max([len("shift")] + [len(s.shift) for s in result.shifts])
    lines.append(f"\n{'shift':<{width}}  filled  volunteers")
    for s in result.shifts:
        names = ", ".join(people.get(s.shift, [])) or "—"
        lines.append(f"{s.shift:<{width}}  {s.filled:>2} / {s.capacity:<2} {names}")
    if result.unfilled:
        lines.append(f"\nPlaces left on {len(result.unfilled)} shifts")
        lines += [f"  {s.shift}: {_reason(s)}" for s in result.unfilled]
    return "\n".join(lines)


def _match(args: argparse.Namespace) -> int:
    try:
        text = args.instance.read_bytes()
    except OSError as error:
        raise MatchingError(f"cannot read {args.instance}: {error.strerror}") from None
    result = match(parse(text))
    if args.format == "json":
        print(result.to_json(explain=args.explain))
    else:
        print(_table(result))
    return 0


def main(argv: list[str]) -> int:
    """Run ``coproduce delivery`` with ``argv``; return the exit status (1 on bad input)."""
    args = _parser().parse_args(argv)
    try:
        return _match(args)
    except MatchingError as error:
        print(f"coproduce delivery: {error}", file=sys.stderr)
        return 1
