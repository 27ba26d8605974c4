"""``coproduce pb``: tally, check, compare and explain pabulib files from the command line."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Mapping
from fractions import Fraction
from pathlib import Path
from typing import Any

from coproduce.methods.errors import MethodsError
from coproduce.methods.pb.analysis import analyse
from coproduce.methods.pb.checks import check_election
from coproduce.methods.pb.election import Election
from coproduce.methods.pb.errors import PabulibError
from coproduce.methods.pb.explain import Explanation, explain, explain_outcome, sentence
from coproduce.methods.pb.io import format_money, read_pabulib
from coproduce.methods.pb.outcome import Outcome
from coproduce.methods.pb.profile import UTILITIES
from coproduce.methods.pb.rules.equal_shares import COMPLETIONS
from coproduce.methods.pb.rules.mes_outcome import COMPARISONS
from coproduce.methods.pb.tally import RULES, tally

__all__ = ["main"]


def _choices(table: Mapping[str, str]) -> str:
    return "; ".join(f"{name}: {what}" for name, what in table.items()).replace("%", "%%")


_COMPLETIONS = {
    "add1": "raise every voter's share one currency unit at a time while the outcome fits",
    "add1e": "as add1, stopping at the first exhaustive outcome (pabutools)",
    "add1u": "add1, then greedy with the money left",
    "add1eu": "add1e, then greedy with the money left",
    "utilitarian": "one run, then greedy with the money left",
    "budget-increase": "as add1, in steps of 1 % of the budget",
    "none": "one run with the budget split equally",
}
_UTILITIES = {
    "cost": "an approval is worth the project's cost",
    "cardinality": "an approval is worth 1",
    "points": "the points given (cumulative and scoring ballots)",
    "borda": "the k-th of L ranked projects is worth L-k",
    "rank-points": "the k-th of L ranked projects is worth L-k+1 (Kraków's 3-2-1)",
}


def _file(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, help="a pabulib .pb file")


def _tally_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    t = sub.add_parser("tally", help="run one rule and list the winners")
    _file(t)
    t.add_argument(
        "--rule",
        choices=list(RULES),
        help="the rule (default: the file's declared rule, else greedy). " + _choices(RULES),
    )
    t.add_argument(
        "--utility",
        choices=UTILITIES,
        help="what a ballot is worth to the rule (default: cost for approval, points, or "
        "Borda for rankings; greedy counts approvals). " + _choices(_UTILITIES),
    )
    t.add_argument(
        "--completion",
        choices=COMPLETIONS,
        help="how Equal Shares spends what one run leaves (default: the declared one, else "
        "add1). " + _choices(_COMPLETIONS),
    )
    t.add_argument(
        "--comparison",
        choices=COMPARISONS,
        help="satisfaction: keep Equal Shares unless more voters prefer greedy's outcome "
        "(default: the declared one, else none)",
    )
    t.add_argument(
        "--tie-break",
        help="how ties are broken: cost-votes (default: lower cost, then more votes), id, "
        "votes or lottery:SEED",
    )
    t.add_argument(
        "--compat",
        choices=("pabutools",),
        help="reproduce pabutools' conventions instead of practice",
    )
    t.add_argument(
        "--format",
        choices=("table", "json"),
        default="table",
        help="table (default) or json with every project's explanation",
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="coproduce pb", description="Participatory budgeting on pabulib files."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    _tally_parser(sub)
    c = sub.add_parser("check", help="validate a file")
    _file(c)
    m = sub.add_parser("compare", help="all rules side by side, with the analysis")
    _file(m)
    m.add_argument(
        "--format", choices=("table", "json"), default="table", help="table (default) or json"
    )
    e = sub.add_parser("explain", help="why one project was or was not funded")
    _file(e)
    e.add_argument("--project", required=True, help="the project's id as written in the file")
    e.add_argument(
        "--rule",
        choices=list(RULES),
        help="the rule (default: the file's declared rule, else greedy)",
    )
    return parser


def _progress(step: int, per_voter: Fraction) -> None:
    print(
        f"\radd1: step {step}, {float(per_voter):,.2f} per voter",
        end="",
        file=sys.stderr,
        flush=True,
    )


def _explanation_json(election: Election, x: Explanation) -> dict[str, Any]:
    return {
        "code": x.code.value,
        "numbers": dict(x.numbers),
        "projects": list(x.projects),
        "category": x.category,
        "sentence": sentence(election, x),
    }


def _outcome_json(election: Election, outcome: Outcome) -> dict[str, Any]:
    reasons = explain(election, outcome)
    return {
        "rule": outcome.rule,
        "selected": list(outcome.selected),
        "cost": format_money(outcome.cost, election.scale),
        "budget": format_money(outcome.budget, election.scale),
        "details": dict(outcome.details),
        "notes": [_explanation_json(election, x) for x in explain_outcome(election, outcome)],
        "explanation": {
            pid: {"selected": x.selected, **_explanation_json(election, x)}
            for pid, x in reasons.items()
        },
    }


def _tally(args: argparse.Namespace) -> int:
    election = read_pabulib(args.file)
    started = time.perf_counter()
    outcome = tally(
        election,
        rule=args.rule,
        utility=args.utility,
        completion=args.completion,
        comparison=args.comparison,
        tie_break=args.tie_break,
        compat=args.compat,
        progress=_progress,
    )
    print(f"\rtallied in {time.perf_counter() - started:.2f} s" + " " * 30, file=sys.stderr)
    if args.format == "json":
        print(
            json.dumps(_outcome_json(election, outcome), default=str, ensure_ascii=False, indent=1)
        )
        return 0
    index = election.project_index()
    spent, budget = (format_money(x, election.scale) for x in (outcome.cost, outcome.budget))
    print(f"{outcome.rule}: {len(outcome.selected)} projects, {spent} of {budget}")
    for pid in outcome.selected:
        p = index[pid]
        print(f"  {pid:>12}  {format_money(p.cost, election.scale):>14}  {p.name[:60]}")
    for note in explain_outcome(election, outcome):
        print(sentence(election, note))
    return 0


def _check(args: argparse.Namespace) -> int:
    election = read_pabulib(args.file)
    problems = check_election(election)
    for line, message in problems:
        print(f"{args.file}:{line if line is not None else '-'}: {message}")
    if not problems:
        print(f"{args.file}: OK ({len(election.projects)} projects, {len(election.ballots)} votes)")
    return 1 if problems else 0


def _compare(args: argparse.Namespace) -> int:
    election = read_pabulib(args.file)
    rows: dict[str, Any] = {}
    for rule in ("greedy", "greedy-per-cost", "equal-shares", "phragmen", "max-welfare"):
        if rule == "phragmen" and election.vote_type not in ("approval", "choose-1"):
            continue
        outcome = tally(election, rule=rule, progress=_progress if rule == "equal-shares" else None)
        rows[rule] = {
            "selected": list(outcome.selected),
            "cost": outcome.cost,
            "analysis": analyse(election, outcome),
        }
    print("", file=sys.stderr)
    if args.format == "json":
        print(json.dumps(rows, default=str, ensure_ascii=False, indent=1))
        return 0
    print(
        f"{'rule':<16}{'winners':>8}{'spent':>16}{'with a winner':>15}{'avg sat.':>10}{'EJR-1':>7}"
    )
    for rule, row in rows.items():
        a = row["analysis"]
        ejr = a.get("ejr_up_to_one", {}).get("holds", "-")
        spent = format_money(row["cost"], election.scale)
        print(
            f"{rule:<16}{len(row['selected']):>8}{spent:>16}{a['share_with_a_winner']:>15.1%}"
            f"{a['average_satisfaction']:>10.2f}{ejr!s:>7}"
        )
    return 0


def _explain(args: argparse.Namespace) -> int:
    election = read_pabulib(args.file)
    if args.project not in election.project_index():
        print(f"no project {args.project!r} in {args.file}", file=sys.stderr)
        return 2
    outcome = tally(election, rule=args.rule, progress=_progress)
    print("", file=sys.stderr)
    print(sentence(election, explain(election, outcome)[args.project]))
    return 0


def main(argv: list[str]) -> int:
    """Run ``coproduce pb`` with ``argv``; return the exit status (2 on unreadable input)."""
    args = _parser().parse_args(argv)
    commands = {"tally": _tally, "check": _check, "compare": _compare, "explain": _explain}
    try:
        return commands[args.command](args)
    except PabulibError as err:
        print(
            f"{args.file}:{err.line if err.line is not None else '-'}: {err.message}",
            file=sys.stderr,
        )
        return 2
    except (MethodsError, OSError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
