"""Faster start-up for commands: skip an optional dependency that costs seconds and is never used.

jsonschema (pulled in by nbformat, papermill and Great Expectations) imports ``rfc3987_syntax``,
if present, only to check "iri" string formats, and builds a grammar at import time: about 2 s
each time (``tooling_notes.md`` section 4). Nothing here validates IRIs, so entry points mark it
as absent before those libraries load; jsonschema then skips that format, as it is designed to.
"""

from __future__ import annotations

import sys


def skip_slow_optional_imports() -> None:
    """Call at the start of a command, before papermill, nbformat or Great Expectations load."""
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
