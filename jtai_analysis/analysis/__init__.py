"""Figures about the area's practice: the figures model (``figures/``: every figure defined once,
computed once with the rows behind it, availability decided in one place) and its views (the
indicators, what stands out, the overview tables)."""
