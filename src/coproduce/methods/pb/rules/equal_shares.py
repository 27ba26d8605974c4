"""The Method of Equal Shares with the completions used in practice (equalshares.net names).

``none``: one run with the budget split equally. ``add1``: raise every voter's budget by one
currency unit while the outcome does not overspend, keeping the last that does not (the
official definition, used in Wieliczka, Assen and Świecie). ``add1e``: the same but stop at the
first exhaustive outcome (pabutools' ``voter_budget_increment=1``). ``add1u`` / ``add1eu``:
then greedy. ``utilitarian``: one run, then greedy. ``budget-increase``: as add1 in steps of
1 % of the budget. The comparison step ``satisfaction`` switches to greedy only if strictly
more voters prefer it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

from coproduce.methods.pb.errors import RuleError
from coproduce.methods.pb.profile import Profile
from coproduce.methods.pb.rules.mes_exact import MesRun, mes_exact_run
from coproduce.methods.pb.rules.mes_fast import FastSetup, NearTie, mes_fast_run
from coproduce.methods.pb.tiebreak import tie_ranks

__all__ = ["COMPLETIONS", "MesResult", "equal_shares_run"]

COMPLETIONS = ("none", "utilitarian", "add1", "add1e", "add1u", "add1eu", "budget-increase")
Progress = Callable[[int, Fraction], None]


@dataclass(frozen=True)
class MesResult:
    """The final Equal Shares run, the per-voter budget it used, and how it was reached."""

    run: MesRun
    per_voter: Fraction
    steps: int
    evaluated: int
    exact_runs: int


class _Runner:
    """Runs Equal Shares at any per-voter budget, fast when possible, exact when needed."""

    def __init__(self, profile: Profile, tie_break: str, exact: bool) -> None:
        self.ranks = tie_ranks(profile, tie_break)
        self.profile = profile
        self.exact = exact
        self.setup = None if exact else FastSetup.of(profile, self.ranks)
        self.evaluated = 0
        self.exact_runs = 0

    def __call__(
        self, per_voter: Fraction, *, record: bool = False, guess: MesRun | None = None
    ) -> MesRun:
        """Return the run at ``per_voter``: fast, or exact when the fast one cannot decide.
        ``guess``: a run at a nearby budget, whose winners are tried first (faster)."""
        self.evaluated += 1
        if self.setup is not None:
            try:
                guide = guess if guess is not None and not guess.exact else None
                return mes_fast_run(self.setup, per_voter, record=record, guess=guide)
            except NearTie:
                pass
        self.exact_runs += 1
        return mes_exact_run(self.profile, per_voter, self.ranks, record=record)

    def same_between(self, low: MesRun, per_voter: Fraction) -> MesRun | None:
        """Return the run at ``per_voter`` if every budget from ``low``'s up to it is certified
        to give the same winners, else None."""
        if self.setup is None or low.exact:
            return None
        self.evaluated += 1
        try:
            run = mes_fast_run(self.setup, per_voter, certify=low)
        except NearTie:
            return None
        return run if run.certified else None


def _cost(profile: Profile, run: MesRun) -> int:
    return sum(int(profile.costs[j]) for j in run.selected)


def _exhaustive(profile: Profile, run: MesRun) -> bool:
    """True when no supported project left out would still fit (pabutools' definition)."""
    spent, chosen = _cost(profile, run), set(run.selected)
    return not any(
        j not in chosen and profile.votes[j] > 0 and spent + int(profile.costs[j]) <= profile.budget
        for j in range(profile.n_projects)
    )


def equal_shares_run(
    profile: Profile,
    *,
    tie_break: str,
    completion: str,
    exact: bool = False,
    progress: Progress | None = None,
) -> MesResult:
    """Return the Equal Shares run chosen by ``completion`` (the greedy parts are done by the
    caller). Raise ``RuleError`` for an unknown completion or an election without voters.
    """
    if completion not in COMPLETIONS:
        raise RuleError(f"unknown completion {completion!r}; use one of {', '.join(COMPLETIONS)}")
    if profile.n_voters == 0:
        raise RuleError("Equal Shares needs at least one voter")
    runner = _Runner(profile, tie_break, exact)
    start = Fraction(profile.budget, profile.n_voters)
    if completion in ("none", "utilitarian"):
        run = runner(start, record=True)
        return MesResult(run, start, 0, runner.evaluated, runner.exact_runs)
    step = (
        Fraction(profile.budget, 100 * profile.n_voters)
        if completion == "budget-increase"
        else Fraction(profile.scale)
    )
    stop_exhaustive = completion in ("add1e", "add1eu")
    k = _raise_budget(profile, runner, start, step, stop_exhaustive, progress)
    final = runner(start + k * step, record=True)
    return MesResult(final, start + k * step, k, runner.evaluated, runner.exact_runs)


def _raise_budget(
    profile: Profile,
    runner: _Runner,
    start: Fraction,
    step: Fraction,
    stop_exhaustive: bool,
    progress: Progress | None,
) -> int:
    """Return the last step k whose outcome at ``start + k*step`` does not overspend (or the
    first exhaustive one). Galloping: a jump of J steps is taken only when certified that
    every step in between gives the same winners; J doubles after a success and, once a jump
    has failed (the ``wall``), the rest of the way to the wall is bisected down to one step;
    after that step J restarts from the last jump that was certified. Probing backs off when
    it keeps failing (elections whose winners change almost every step): after ``missed``
    probe rounds in a row without a certified jump, the next ``2**missed - 1`` steps (at most
    31) are taken one by one without probing. A step is first certified (cheaper than a run)
    where the last one kept the winners, and run where that fails; such tries back off the
    same way. One-by-one steps are always exact, so this changes only the speed, never the
    outcome.
    """
    supported = int((profile.votes > 0).sum())
    k, run, jump, wall, good = 0, runner(start), 1, 0, 2
    won, missed, quiet, kept, misses, hold = True, 0, 0, False, 0, 0
    while True:
        if stop_exhaustive and _exhaustive(profile, run):
            return k
        if len(run.selected) >= supported:
            return k
        if progress is not None:
            progress(k, start + k * step)
        if jump > 1:
            ahead = runner.same_between(run, start + (k + jump) * step)
            if ahead is None:
                wall, jump = k + jump, jump // 2
                continue
            k, run, good, won = k + jump, ahead, jump, True
            jump = max(1, (wall - k) // 2) if wall > k else jump * 2
            continue
        # one step: where the last one kept the winners, first try to certify this one too
        # (cheaper than a run); otherwise, or if that fails, run it. Failed tries back off.
        nxt = None
        if kept and hold == 0:
            nxt = runner.same_between(run, start + (k + 1) * step)
            misses = 0 if nxt is not None else misses + 1
            hold = min(2**misses, 32) - 1
        elif hold > 0:
            hold -= 1
        if nxt is None:
            nxt = runner(start + (k + 1) * step, guess=run)
            if _cost(profile, nxt) > profile.budget:
                return k
            kept = nxt.selected == run.selected
        if quiet > 0:
            quiet -= 1
        else:
            missed = 0 if won else missed + 1
            quiet = min(2**missed, 32) - 1
        won = False
        k, run, wall = k + 1, nxt, 0
        jump = 1 if quiet > 0 else max(2, good)
