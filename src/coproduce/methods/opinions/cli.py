"""``coproduce opinions …``: analyse a Polis export folder from the command line."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import TextIO

from coproduce.methods.opinions.analysis import OpinionMap, analyse
from coproduce.methods.opinions.errors import OpinionsError
from coproduce.methods.opinions.figures import group_name, opinion_map_svg
from coproduce.methods.opinions.io import read_polis_export
from coproduce.methods.opinions.writer import write_polis_export

__all__ = ["main"]

#: Above this many votes, stages are reported on stderr.
LARGE = 50_000


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="coproduce opinions", description="Polis-style opinion mapping."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("analyse", help="analyse a Polis export folder (CSV or API layout)")
    run.add_argument("folder", type=Path)
    run.add_argument("--format", choices=("json", "table"), default="table")
    run.add_argument("--svg", type=Path, help="also write the opinion map as SVG here")
    run.add_argument("--seed", type=int, default=0)
    run.add_argument("--write-csv", type=Path, help="also write the openData CSV layout here")
    run.add_argument("--progress", action="store_true", help="report stages on stderr")
    return parser


def _reporter(enabled: bool, out: TextIO):  # type: ignore[no-untyped-def]
    start = time.perf_counter()

    def report(stage: str) -> None:
        if enabled:
            print(f"[{time.perf_counter() - start:6.1f}s] {stage}…", file=out, flush=True)

    return report


def _table(result: OpinionMap) -> str:
    texts = {s.id: s.text for s in result.statements}
    lines = [
        f"{len(result.clustered)} participants in {result.n_groups} groups; "
        f"explained variance {result.pca.explained_variance_ratio.round(3).tolist()}"
    ]
    for g in range(result.n_groups):
        lines.append(f"\n{group_name(g)} ({int((result.labels == g).sum())} participants)")
        for s in result.repness[g]:
            verb, share = s.display()
            lines.append(
                f"  {verb:8} {share:5.0%}  #{s.statement} {texts.get(s.statement, '')[:70]}"
            )
    for direction, stats in result.consensus.items():
        lines.append(f"\nConsensus ({direction})")
        lines += [
            f"  {s.p_success:5.0%}  #{s.statement} {texts.get(s.statement, '')[:70]}" for s in stats
        ]
    return "\n".join(lines)


def _analyse(args: argparse.Namespace) -> int:
    export = read_polis_export(args.folder)
    report = _reporter(args.progress or export.conversation.n_votes > LARGE, sys.stderr)
    result = analyse(export.conversation, seed=args.seed, progress=report)
    report("writing")
    if args.svg:
        title = export.conversation.topic or args.folder.name
        args.svg.write_text(opinion_map_svg(result, title=title), encoding="utf-8")
    if args.write_csv:
        write_polis_export(export.conversation, args.write_csv, opinion_map=result)
    if args.format == "json":
        json.dump(result.to_dict(), sys.stdout, allow_nan=False)
        sys.stdout.write("\n")
    else:
        print(_table(result))
    return 0


def main(argv: list[str]) -> int:
    """Run ``coproduce opinions`` with ``argv``; return the exit status (1 on bad input)."""
    args = _parser().parse_args(argv)
    try:
        return _analyse(args)
    except OpinionsError as error:
        print(f"coproduce opinions: {error}", file=sys.stderr)
        return 1
