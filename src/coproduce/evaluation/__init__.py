"""Evaluation: logic models per initiative, their indicators and measurements over time."""
