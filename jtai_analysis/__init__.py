"""JTAI workbench: Annex A ingest, data contracts, cohort analysis and briefing packs."""

__version__ = "0.1.0"
