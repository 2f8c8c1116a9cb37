"""Foundations every room may use: project paths, text folding, working days in England, derived fields (age, age group, window), start-up tweaks. Imports nothing else of the package."""
