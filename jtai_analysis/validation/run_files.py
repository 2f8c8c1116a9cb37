"""What one ``jtai validate --json FILE`` run writes: its findings and, beside them, its quarantine.

Each run's quarantined rows sit in a folder named after its findings file (``a.json`` →
``a.quarantine/LIST_KEY.csv``), so a second run with another ``--json`` never overwrites the rows
the first run's findings point at. The folder is replaced as a whole and the findings file after
it, so the counts in a findings file always match the rows beside it: a list's
``rows_quarantined`` is the number of rows of its CSV, and a list no longer sent leaves no CSV.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from jtai_analysis.common.atomic_files import aside, replace_folder, write_text_aside
from jtai_analysis.validation.report import write_quarantine
from jtai_analysis.validation.results import ValidationResult

QUARANTINE_SUFFIX = ".quarantine"


def quarantine_folder_for(findings_file: Path) -> Path:
    """The folder of quarantined rows that belongs to the findings file ``findings_file``."""
    return findings_file.with_name(f"{findings_file.stem}{QUARANTINE_SUFFIX}")


def write_findings_with_quarantine(result: ValidationResult, findings_file: Path) -> Path:
    """Write the findings to ``findings_file`` and the run's quarantine beside it; return the folder.

    The findings name their folder (``quarantine_folder``). Nothing is replaced until both are
    written in full: a run that fails part-way (a full disk) leaves the previous pair as it was.
    """
    folder = quarantine_folder_for(findings_file)
    content = {**result.as_json(), "quarantine_folder": folder.name}
    findings = write_text_aside(findings_file, json.dumps(content, indent=2) + "\n")
    staging = aside(folder, "writing")
    try:
        write_quarantine(result, staging)
        replace_folder(staging, folder)
        os.replace(findings, findings_file)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        findings.unlink(missing_ok=True)
        raise
    return folder
