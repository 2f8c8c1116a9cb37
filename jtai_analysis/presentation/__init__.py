"""How figures are shown in notebooks and pages: the prepared run every section reads, the one helper
that writes a figure value (marked with its ID and group), plotly charts, HTML tables, recorded
figures, the notebook context and the validation report page."""
