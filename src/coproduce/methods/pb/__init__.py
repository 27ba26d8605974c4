"""Participatory budgeting: pabulib I/O, the rules (greedy, Equal Shares, Phragmén, maximum
welfare), explanations and analysis. Pure Python + NumPy/HiGHS; no Django.

The stable API the apps call::

    election = read_pabulib(path_or_text)            # or election_from_data(...)
    outcome = tally(election, rule="equal-shares", completion="add1")
    outcome.selected                                 # winning project ids
    explain(election, outcome)                       # project id -> Explanation
"""

from coproduce.methods.pb.election import Ballot, Election, Project, election_from_data
from coproduce.methods.pb.errors import PabulibError, RuleError
from coproduce.methods.pb.io import read_pabulib, write_pabulib
from coproduce.methods.pb.outcome import Decision, Outcome
from coproduce.methods.pb.tally import RULES, tally

__all__ = [
    "RULES",
    "Ballot",
    "Decision",
    "Election",
    "Outcome",
    "PabulibError",
    "Project",
    "RuleError",
    "election_from_data",
    "read_pabulib",
    "tally",
    "write_pabulib",
]
