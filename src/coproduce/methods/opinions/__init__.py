"""Polis-style opinion mapping: groups, representative statements and consensus.

Pure NumPy/SciPy, no Django. Read a Polis export with :func:`read_polis_export`, or build a
conversation from plain data with :func:`conversation_from`; :func:`analyse` it into an
:class:`OpinionMap`; fold in new votes with :func:`update`; draw it with
:func:`opinion_map_svg`.
"""

from coproduce.methods.opinions.analysis import AnalysisOptions, OpinionMap, analyse
from coproduce.methods.opinions.clustering import ClusterOptions
from coproduce.methods.opinions.consensus import ConsensusStat
from coproduce.methods.opinions.conversation import Conversation, Statement, Vote, conversation_from
from coproduce.methods.opinions.errors import ConversationError, OpinionsError, PolisExportError
from coproduce.methods.opinions.export import PolisExport
from coproduce.methods.opinions.figures import opinion_map_svg, statement_votes_svg
from coproduce.methods.opinions.incremental import update
from coproduce.methods.opinions.io import read_polis_export
from coproduce.methods.opinions.repness import RepStat
from coproduce.methods.opinions.routing import choose_statement, next_statement
from coproduce.methods.opinions.writer import write_polis_export

__all__ = [
    "AnalysisOptions",
    "ClusterOptions",
    "ConsensusStat",
    "Conversation",
    "ConversationError",
    "OpinionMap",
    "OpinionsError",
    "PolisExport",
    "PolisExportError",
    "RepStat",
    "Statement",
    "Vote",
    "analyse",
    "choose_statement",
    "conversation_from",
    "next_statement",
    "opinion_map_svg",
    "read_polis_export",
    "statement_votes_svg",
    "update",
    "write_polis_export",
]
