"""The seed's separate random streams: one for each step of the generator, so that changing how
sheets look never changes the children, and planting defects never changes the clean lists."""

from __future__ import annotations

import numpy as np

# Streams added later come after the first ones, so earlier choices stay as they were.
(
    AREA,
    EXTRAS,
    LAYOUT,
    DEFECTS,
    CELLS,
    EXPORT,
    HIDDEN_BLANKS,
) = range(7)


def stream(seed: int, name: int) -> np.random.Generator:
    """The random generator of one step (``AREA``, ``LAYOUT``, ...) for ``seed``."""
    return np.random.default_rng(np.random.SeedSequence([seed, name]))
