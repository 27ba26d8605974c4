"""``coproduce design rank FILE.json``: appraise options for several groups from the shell."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from coproduce.methods.appraisal.appraise import AppraisalResult, appraise
from coproduce.methods.appraisal.compromise import Disagreement
from coproduce.methods.appraisal.errors import AppraisalError
from coproduce.methods.appraisal.model import Appraisal, appraisal_from
from coproduce.methods.appraisal.scoring import Method
from coproduce.methods.appraisal.sensitivity import Sensitivity, Threshold

__all__ = ["main"]

_METHOD_NAMES = {Method.WSM: "WSM", Method.TOPSIS: "TOPSIS", Method.PROMETHEE: "PROMETHEE II"}
_TIE_BREAKS = {
    "none": "",
    "mean_normalised": " (tied on the worst; the higher mean decided)",
    "tie_order": " (tied; the first in the file's order was taken)",
}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="coproduce design", description="Co-design methods: options appraisal."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    rank = sub.add_parser("rank", help="rank options for each group, find a compromise")
    rank.add_argument("file", type=Path, help="the appraisal as JSON (docs/methods/appraisal.md)")
    rank.add_argument("--method", choices=[m.value for m in Method], default=Method.WSM.value)
    rank.add_argument("--format", choices=("json", "table"), default="table")
    return parser


def _read(path: Path) -> Appraisal:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise AppraisalError(str(path), "unreadable", error.strerror or "cannot be read") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise AppraisalError(
            str(path), "not_json", f"not JSON ({error.msg}, line {error.lineno})"
        ) from None
    return appraisal_from(data)


def _threshold(threshold: Threshold, sign: str) -> str:
    if threshold.code == "overtaken":
        return f"{threshold.weight:.3f} ({sign}{threshold.delta:.3f}) → {threshold.option}"
    return {"unchanged": "never", "at_bound": "—"}[threshold.code]


def _sensitivity_lines(sensitivity: Sensitivity) -> list[str]:
    lines = [f"  {sensitivity.group}: first choice {sensitivity.first_choice}"]
    for c in sensitivity.criteria:
        lines.append(
            f"    {c.criterion:16} {c.weight:.3f}  up: {_threshold(c.up, '+'):32}  "
            f"down: {_threshold(c.down, '−')}"
        )
    return lines


def _group_lines(result: AppraisalResult) -> list[str]:
    lines = []
    for r in result.groups:
        weights = ", ".join(f"{c} {w:.2f}" for c, w in r.weights.items())
        lines.append(f"\n{r.group} (weights: {weights})")
        # rounded first so that float noise around 0 does not print as -0.0000
        lines += [
            f"  {r.ranks[o]:>4g}. {o:24} {round(r.preference[o], 12) + 0.0:8.4f}" for o in r.ranking
        ]
        lines += [f"  tied: {' = '.join(level)}" for level in r.ties]
    return lines


def _compromise_lines(result: AppraisalResult) -> list[str]:
    c = result.compromise
    widths = {r.group: max(10, len(r.group)) for r in result.groups}
    lines = [
        f"\nCompromise (maximin of normalised preferences): {c.option}{_TIE_BREAKS[c.tie_break]}",
        f"  its least happy group, {c.worst_group}, places it {c.value:.2f} of the way from "
        "their worst option (0) to their best (1)",
        f"  {'option':24} {'worst':>6} {'mean':>6}  "
        + "  ".join(f"{g:>{w}}" for g, w in widths.items()),
    ]
    for o in c.ranking:
        shown = "  ".join(f"{c.normalised[o][g]:>{w}.2f}" for g, w in widths.items())
        lines.append(f"  {o:24} {c.worst[o]:6.2f} {c.mean[o]:6.2f}  {shown}")
    return lines


def _disagreement_lines(d: Disagreement) -> list[str]:
    lines = ["\nWhere the groups disagree most"]
    for o in d.most_disputed_options:
        ranks = ", ".join(f"{g} {k:g}" for g, k in d.option_ranks[o].items())
        lines.append(f"  option {o}: ranked {ranks}")
    if not d.most_disputed_options:
        lines.append("  options: none, every group ranks them alike")
    for k in d.most_disputed_criteria:
        weights = ", ".join(f"{g} {w:.2f}" for g, w in d.criterion_weights[k].items())
        lines.append(f"  criterion {k}: weighted {weights}")
    if not d.most_disputed_criteria:
        lines.append("  criteria: none, every group weights them alike")
    return lines


def _table(appraisal: Appraisal, result: AppraisalResult) -> str:
    title = f"{appraisal.title} — " if appraisal.title else ""
    lines = [f"{title}{_METHOD_NAMES[result.method]}, best first"]
    lines += _group_lines(result)
    lines += _compromise_lines(result)
    lines += _disagreement_lines(result.compromise.disagreement)
    lines.append(
        "\nSensitivity: the weight at which the first choice changes (other weights rescaled)"
    )
    for s in result.sensitivity:
        lines += _sensitivity_lines(s)
    return "\n".join(lines)


def _rank(args: argparse.Namespace) -> int:
    appraisal = _read(args.file)
    result = appraise(appraisal, args.method)
    if args.format == "json":
        sys.stdout.write(result.to_json() + "\n")
    else:
        print(_table(appraisal, result))
    return 0


def main(argv: list[str]) -> int:
    """Run ``coproduce design`` with ``argv``; return the exit status (1 on bad input).

    Usage errors exit with status 2 (argparse).
    """
    args = _parser().parse_args(argv)
    try:
        return _rank(args)
    except AppraisalError as error:
        print(f"coproduce design: {error}", file=sys.stderr)
        return 1
