"""Writes for co-commissioning, one module per part: rounds, ballots, results, exchange
(pabulib), priorities and personal budgets."""
