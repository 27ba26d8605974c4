"""Reads for co-commissioning: rounds, priority setting and results."""
