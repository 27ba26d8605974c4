"""Coproduce: co-production of public services by citizens and organisations."""

__version__ = "0.1.0"
