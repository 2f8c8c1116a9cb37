"""The figures model: every number the pack, the CSVs and the dashboards show, defined once.

A *figure* is a defined thing, not a number in a notebook cell: which valid rows it counts, over
which rows, for which group. Each is computed once per run (:func:`compute_figures`) into a
:class:`FigureSet`: its value, numerator, denominator, unit, availability with the reason, and
comparator, per group (``all``, or ``BREAKDOWN=VALUE`` such as ``focus=Yes``); and beside it the
rows behind it, numerator and denominator, referenced as indices into one row table per list
(child ID, source file, sheet, row, dates). The value is derived from those rows, so the two cannot
disagree; ``indicators.csv``, ``indicators_by_group.csv``, ``figures.csv``, the pack's sections,
``jtai explain`` and the dashboards all read the same set.

Modules
-------
``definitions.yml`` / :mod:`.definitions`
    every figure, typed and checked on load;
:mod:`.conditions`
    the vocabulary definitions are written in (``in_window``, ``equals``, ``child``, ...);
:mod:`.breakdowns`
    how a figure's rows are grouped (a child attribute, or a row's own column or band);
:mod:`.availability`
    whether a figure (or a breakdown) can be computed, and why not: the one place;
:mod:`.inputs`
    the row tables and child attributes built once per run;
:mod:`.cross_list`
    small functions for figures that need two lists at once (:mod:`.front_door`: what each door
    leads to within 30 days, children's journeys as patterns);
:mod:`.compute`
    the engine; :mod:`.figure_set` the result, its files and look-ups; :mod:`.words` a figure in words.

How to add a figure
-------------------
1. Add one entry to ``definitions.yml``: ``id``, ``title``, ``unit`` (``count`` / ``percent`` /
   ``median``), ``counts`` (``rows`` / ``children``), ``lists``, ``rows`` and, for a percentage or
   a conditional count, ``hit``, written in the vocabulary of :mod:`.conditions`; optionally
   ``breakdowns`` (keys of :data:`.breakdowns.BREAKDOWNS`, or a list of keys to cross them),
   ``unreadable`` (why a hit can be blank), ``national``, ``ec``, ``about``. Availability follows
   from the columns, child attributes and lists the conditions name: nothing to write.
2. A figure that needs two lists at once names a function: ``compute: {function: NAME, params:
   {...}}``; write it in :mod:`.cross_list` with ``@cross_list("NAME")``. It returns the rows it
   counts per list (rows of the row tables, with ``hit``, and ``_amount`` for a median), or the
   reason it cannot.
3. A new way of grouping is one :class:`.breakdowns.Breakdown` in ``BREAKDOWNS`` (its value's
   expression, what it reads, its declared values); display words in ``catalogue/labels.yml``.
   A group that is a subset of another partition (``focus=No_under8``) is a breakdown whose
   ``name`` is ``focus`` and whose value is blank (``null_as=None``) outside the subset.
4. Sets of children computed for the run (the 20, the 6, a line of enquiry) are passed to
   :func:`.inputs.figure_inputs` as ``child_sets`` and used with ``{child_in_set: NAME}``.
The theme file (``data_contracts/themes``) says which figures get the flag and focus breakdowns.

Reading figures
---------------
``FigureSet.figure(ID, GROUP)`` (one row), ``FigureSet.rows_behind(ID, GROUP, role)`` (the
children behind it), ``FigureSet.groups(ID)``; :func:`compute_figures` with ``only=`` or with
inputs restricted to some children (``FigureInputs.for_children``) for a filtered cohort.
"""

from jtai_analysis.analysis.figures import front_door as _front_door  # noqa: F401 (registers)
from jtai_analysis.analysis.figures.compute import compute_figure, compute_figures, percent
from jtai_analysis.analysis.figures.definitions import (
    FigureDefinition,
    definitions,
    indicator_definitions,
)
from jtai_analysis.analysis.figures.figure_set import FigureSet
from jtai_analysis.analysis.figures.inputs import FigureInputs, figure_inputs

__all__ = [
    "FigureDefinition",
    "FigureInputs",
    "FigureSet",
    "compute_figure",
    "compute_figures",
    "definitions",
    "figure_inputs",
    "indicator_definitions",
    "percent",
]
