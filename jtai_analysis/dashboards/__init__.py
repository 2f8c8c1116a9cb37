"""Interactive use: the explorer's logic and its ipywidgets wiring."""
