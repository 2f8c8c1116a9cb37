"""Each evaluation criterion and what evidences it (issue 25, item 7): the Annex A fields put to
use inform criteria, and the leadership criteria are mapped to information-request items."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from jtai_analysis.analysis import criteria_evidence
from jtai_analysis.analysis.criteria_evidence import (
    LEADERSHIP,
    evidence_items,
    evidence_table,
    figures_informing,
)

NEW_FIELDS = {
    # List 7: seen alone, emergency or police protection, review timeliness, plan length
    "cpp_seen_alone_pct": {"EC12"},
    "cpp_epo_police_pct": {"EC7", "EC11"},
    "cpp_review_in_time_pct": {"EC7"},
    "cpp_ended_2y_plus_pct": {"EC7", "EC10"},
    "cpp_length_count": {"EC7"},
    "s47_repeat_pct": {"EC9"},  # List 5: repeat enquiries, cumulative harm
    "early_help_organisation_pct": {"EC4", "EC14"},  # List 2: who completes early help
}


def test_every_field_put_to_use_informs_the_criteria_it_speaks_to() -> None:
    informing = figures_informing()
    for figure_id, criteria in NEW_FIELDS.items():
        for criterion in criteria:
            assert figure_id in informing[criterion], (figure_id, criterion)


def test_the_leadership_criteria_are_mapped_to_information_request_items() -> None:
    items = evidence_items()
    for criterion in LEADERSHIP:
        assert items.get(criterion), criterion
    table = evidence_table()
    assert table["Criterion"].to_list() == [f"EC{n}" for n in range(1, 21)]
    row = table.row(table["Criterion"].to_list().index("EC19"), named=True)
    assert "3.2 Learning and development" in row["Information requested"]
    assert "4.7 Training" in row["Information requested"]


def test_every_criterion_has_some_evidence() -> None:
    for row in evidence_table().iter_rows(named=True):
        assert row["Figures in this pack"] or row["Information requested"], row["Criterion"]


def test_an_item_that_does_not_exist_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "evidence.yml"
    path.write_text(yaml.safe_dump({"items": {"EC16": ["9.9"]}}), encoding="utf-8")
    monkeypatch.setattr(criteria_evidence, "_FILE", path)
    evidence_items.cache_clear()
    try:
        with pytest.raises(ValueError, match=r"not an item: 9\.9"):
            evidence_items()
    finally:
        evidence_items.cache_clear()
