"""Checks: numeric gradient checks of networks, and learners' own formulas."""
