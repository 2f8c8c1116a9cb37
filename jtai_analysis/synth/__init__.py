"""Synthetic Annex A submissions: realistic, linked, deterministic, optionally with planted defects.

``write_submission`` (in ``submission.py``, the generator's steps in order) is what ``jtai synth``
runs; it is named here too, as the room's one entry point. Real child-level data is never used here.
"""

from jtai_analysis.synth.submission import (
    DEFAULT_REFERENCE_DATE,
    FORMATS,
    SIZES,
    SyntheticSubmission,
    write_submission,
)

__all__ = ["DEFAULT_REFERENCE_DATE", "FORMATS", "SIZES", "SyntheticSubmission", "write_submission"]
