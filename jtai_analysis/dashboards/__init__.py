"""Interactive use: the explorer and the sampling workbench, served by ``jtai dashboard``.

Plain functions hold what the pages show (``cohort_view``, ``explore``, ``follow``,
``sample_view``); the pages' widgets only lay them out: ``explorer`` (the children: filters,
charts, grid, export), ``follower`` (follow a child), ``workbench`` (the sampling workbench), with
``workspace`` (what a session shares), ``controls`` and ``rerun_note`` shared by all of them.
``app``, ``serve`` and ``kernel`` serve the pages with Voilà.
"""
