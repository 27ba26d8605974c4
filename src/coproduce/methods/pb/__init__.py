"""Participatory budgeting: pabulib I/O, the rules (greedy, Equal Shares, Phragmén, maximum
welfare), explanations and analysis. Pure Python + NumPy/HiGHS; no Django.

The stable API the apps call::

    election = read_pabulib(path_or_text)            # or election_from_data(...)
    outcome = tally(election, rule="equal-shares", completion="add1")
    outcome.selected                                 # winning project ids
    explain(election, outcome)                       # project id -> Explanation (code, numbers)
    explain_outcome(election, outcome)               # notes on completion and comparison
"""

from coproduce.methods.pb.election import Ballot, Election, Project, election_from_data
from coproduce.methods.pb.errors import PabulibError, RuleError
from coproduce.methods.pb.explain import Explanation, explain, explain_outcome, sentence
from coproduce.methods.pb.io import read_pabulib, write_pabulib
from coproduce.methods.pb.outcome import Code, Decision, Outcome
from coproduce.methods.pb.rules.equal_shares import COMPLETIONS
from coproduce.methods.pb.rules.mes_outcome import COMPARISONS
from coproduce.methods.pb.tally import RULES, tally

__all__ = [
    "COMPARISONS",
    "COMPLETIONS",
    "RULES",
    "Ballot",
    "Code",
    "Decision",
    "Election",
    "Explanation",
    "Outcome",
    "PabulibError",
    "Project",
    "RuleError",
    "election_from_data",
    "explain",
    "explain_outcome",
    "read_pabulib",
    "sentence",
    "tally",
    "write_pabulib",
]
