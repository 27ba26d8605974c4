"""Pages for co-commissioning: rounds, priority setting, personal budgets, staff pages."""
