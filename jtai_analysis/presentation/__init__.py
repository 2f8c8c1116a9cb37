"""How figures are shown in notebooks and pages: plotly charts, HTML tables, recorded figures, the notebook context and the validation report page."""
