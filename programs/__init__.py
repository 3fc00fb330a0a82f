"""Programmes the office runs and the help requests (intakes) residents send them: screening,
assignment, service records and outcomes, partner intake, activities and the ordinance metrics
(`selectors.program_metrics`). Owns residents' personal case data and its retention."""
