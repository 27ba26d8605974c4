"""``coproduce evaluation …``: randomised experiments from the command line.

``analyse`` an outcome by arm, check covariate ``balance``, plan with ``power``, ``assign``
units to arms, and ``export`` an anonymised summary for replication — all from CSV files.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path
from typing import TypeAlias

from coproduce.methods.experiments._common import Stratum
from coproduce.methods.experiments.analysis import analyse
from coproduce.methods.experiments.assignment import Unit, assign
from coproduce.methods.experiments.balance import balance
from coproduce.methods.experiments.disclosure import K
from coproduce.methods.experiments.errors import ExperimentError
from coproduce.methods.experiments.export import replication_summary
from coproduce.methods.experiments.io import read_experiment_csv, read_units_csv
from coproduce.methods.experiments.permutation import PERMUTATIONS
from coproduce.methods.experiments.power import (
    cohens_h,
    minimum_detectable_effect,
    sample_size,
)
from coproduce.methods.experiments.report import (
    analysis_table,
    balance_table,
    number,
    sample_size_table,
)

__all__ = ["main"]

Subparsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def _names(text: str) -> list[str]:
    return [name.strip() for name in text.split(",") if name.strip()]


def _counts(text: str) -> list[int]:
    try:
        return [int(part) for part in _names(text)]
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not whole numbers: {text!r}") from error


def _add_analyse(sub: Subparsers) -> None:
    a = sub.add_parser("analyse", help="each treatment arm's effect against the control")
    a.add_argument("file", type=Path)
    a.add_argument("--outcome", required=True, help="column of the (numeric) outcome")
    a.add_argument("--arm", required=True, help="column of the arm")
    a.add_argument("--strata", type=_names, default=[], help="stratum column(s), comma-separated")
    a.add_argument("--control", help="control arm (default: the first in sorted order)")
    a.add_argument("--permutations", type=int, default=PERMUTATIONS)
    a.add_argument("--seed", type=int, default=0, help="seed of the permutation test")
    a.add_argument(
        "--drop-incomplete-strata",
        action="store_true",
        help="leave out strata where an arm has fewer than 2 units (default: refuse)",
    )
    a.add_argument("--format", choices=("table", "json"), default="table")


def _add_balance(sub: Subparsers) -> None:
    b = sub.add_parser("balance", help="covariate means or shares by arm")
    b.add_argument("file", type=Path)
    b.add_argument("--arm", required=True)
    b.add_argument("--covariates", type=_names, required=True, help="comma-separated columns")
    b.add_argument("--control")
    b.add_argument("--format", choices=("table", "json"), default="table")


def _add_power(sub: Subparsers) -> None:
    p = sub.add_parser("power", help="sample size per arm, or the minimum detectable effect")
    effect = p.add_mutually_exclusive_group()
    effect.add_argument("--effect", type=float, help="standardised effect (difference / SD)")
    effect.add_argument("--difference", type=float, help="difference in means (with --sd)")
    effect.add_argument("--proportions", type=float, nargs=2, metavar=("P_CONTROL", "P_TREATED"))
    p.add_argument("--sd", type=float, help="the outcome's standard deviation")
    effect.add_argument(
        "--n", type=int, help="control arm size: report the minimum detectable effect instead"
    )
    p.add_argument("--alpha", type=float, default=0.05)
    p.add_argument("--power", type=float, default=0.8)
    p.add_argument("--ratio", type=float, default=1.0, help="n_treatment / n_control")
    p.add_argument("--test", choices=("t", "normal"), default="t")
    p.add_argument("--format", choices=("table", "json"), default="table")


def _add_assign(sub: Subparsers) -> None:
    s = sub.add_parser("assign", help="assign units to arms (CSV out)")
    s.add_argument("file", type=Path)
    s.add_argument("--unit", required=True, help="column of the unit id")
    s.add_argument("--arms", type=_names, required=True, help="comma-separated arm names")
    s.add_argument("--ratios", type=_counts, help="comma-separated whole numbers (default equal)")
    s.add_argument("--strata", type=_names, default=[])
    s.add_argument("--seed", type=int, required=True)


def _add_export(sub: Subparsers) -> None:
    e = sub.add_parser("export", help="anonymised n, mean, SD by stratum and arm (CSV out)")
    e.add_argument("file", type=Path)
    e.add_argument("--outcome", required=True)
    e.add_argument("--arm", required=True)
    e.add_argument("--strata", type=_names, default=[])
    e.add_argument("--k", type=int, default=K, help=f"withhold counts below k (default {K})")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="coproduce evaluation", description="Randomised experiments."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    for add in (_add_analyse, _add_balance, _add_power, _add_assign, _add_export):
        add(sub)
    return parser


def _json(data: object) -> None:
    json.dump(data, sys.stdout, allow_nan=False)
    sys.stdout.write("\n")


def _analyse(args: argparse.Namespace) -> int:
    data = read_experiment_csv(args.file, arm=args.arm, outcome=args.outcome, strata=args.strata)
    result = analyse(
        data.outcomes,
        data.arms,
        strata=data.strata,
        control=args.control,
        permutations=args.permutations,
        seed=args.seed,
        incomplete_strata="drop" if args.drop_incomplete_strata else "refuse",
    )
    if args.format == "json":
        _json(result.to_dict())
    else:
        print(analysis_table(result, args.outcome))
    return 0


def _balance(args: argparse.Namespace) -> int:
    data = read_experiment_csv(args.file, arm=args.arm, covariates=args.covariates)
    table = balance(data.covariates, data.arms, control=args.control)
    if args.format == "json":
        _json(table.to_dict())
    else:
        print(balance_table(table))
    return 0


def _standardised(args: argparse.Namespace) -> float:
    if args.proportions:
        return cohens_h(args.proportions[1], args.proportions[0])
    if args.difference is not None:
        if not args.sd or args.sd <= 0:
            raise ExperimentError("bad_sd", "--difference needs a positive --sd")
        return float(args.difference / args.sd)
    if args.effect is None:
        raise ExperimentError(
            "no_effect", "give --effect, --difference with --sd, or --proportions"
        )
    return float(args.effect)


def _power(args: argparse.Namespace) -> int:
    test = "normal" if args.proportions else args.test
    options = {"alpha": args.alpha, "power": args.power, "ratio": args.ratio, "test": test}
    if args.n is not None:
        mde = minimum_detectable_effect(args.n, **options)
        result = {"n_control": args.n, "effect_size": mde, **options}
        if args.sd:
            result["difference"] = mde * args.sd
        if args.format == "json":
            _json(result)
        else:
            extra = f" ({number(mde * args.sd)} in the outcome's units)" if args.sd else ""
            print(f"Minimum detectable effect with {args.n} control units: {number(mde)} SD{extra}")
        return 0
    plan = sample_size(_standardised(args), **options)
    if args.format == "json":
        _json(plan.to_dict())
    else:
        print(sample_size_table(plan))
    return 0


def _assign(args: argparse.Namespace) -> int:
    units = read_units_csv(args.file, unit=args.unit, strata=args.strata)
    strata: dict[Unit, Stratum] | None = None
    if units.strata is not None:
        strata = dict(zip(units.ids, units.strata, strict=True))
    result = assign(units.ids, args.arms, strata=strata, seed=args.seed, ratios=args.ratios)
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow([args.unit, *args.strata, "arm"])
    for index, unit in enumerate(units.ids):
        stratum = units.strata[index] if units.strata else ()
        writer.writerow([unit, *stratum, result.arm_of[unit]])
    return 0


def _export(args: argparse.Namespace) -> int:
    data = read_experiment_csv(args.file, arm=args.arm, outcome=args.outcome, strata=args.strata)
    summary = replication_summary(data.outcomes, data.arms, strata=data.strata, k=args.k)
    writer = csv.DictWriter(sys.stdout, ["stratum", "arm", "n", "mean", "sd"], lineterminator="\n")
    writer.writeheader()
    writer.writerows(summary.to_rows())
    return 0


COMMANDS = {
    "analyse": _analyse,
    "balance": _balance,
    "power": _power,
    "assign": _assign,
    "export": _export,
}


def main(argv: list[str]) -> int:
    """Run ``coproduce evaluation`` with ``argv``; return the exit status (1 on bad input)."""
    args = _parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except ExperimentError as error:
        print(f"coproduce evaluation: {error}", file=sys.stderr)
        return 1
