"""Figures about the area's practice: the indicator registry and computation, and the cohort profile."""
