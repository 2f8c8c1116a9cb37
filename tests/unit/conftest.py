"""Hand-built prepared data shared by the unit tests of several rooms (analysis and model)."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from jtai_analysis.model.prepared import PreparedData
from tests.unit.hand_built import REFERENCE_DATE as R
from tests.unit.hand_built import prepared

D = dt.date


@pytest.fixture
def six_children() -> PreparedData:
    """Six children across Lists 1 and 3 to 7 and the under-8s list, for the indicators and the cohort.

    Children, one date of birth each (the cohort): 1 has 01/01/2024 on all rows (2 to 4 at R);
    2 has 2015 on List 4 and 2024 on List 6, a tie resolved to the earliest (8 and over); 3 likewise
    2016 (8 and over); 4 is born 01/01/2027 (unborn); 5 and 6 are 8 and over. Domestic abuse = Yes
    on List 4 or 6: children 1 and 4, so the focus children are 1 (2 to 4) and 4 (unborn).
    """
    return prepared(
        contacts=pl.DataFrame(
            {
                "child_id": ["1", "1", "2", "3", "1"],
                "contact_date": [D(2026, 5, 16), D(2026, 6, 1), D(2026, 5, 15), R, D(2026, 7, 1)],
                "contact_source": ["6", "3A", "6", "6", "2A"],
            }
        ),
        referrals=pl.DataFrame(
            {
                "child_id": ["1", "2", "3", "4"],
                "referral_date": [D(2026, 6, 1), D(2026, 7, 1), D(2026, 5, 1), R],
                "referral_source": ["6", "5D", "6", "1A"],
                "referral_nfa": ["Yes", "No", "Yes", "No"],
                "referrals_last_12m_count": [0, 2, 1, 1],
            }
        ),
        assessments=pl.DataFrame(
            {
                "child_id": ["1", "2", "3", "4", "5", "6"],
                "date_of_birth": [
                    D(2024, 1, 1),
                    D(2015, 1, 1),
                    D(2016, 1, 1),
                    D(2027, 1, 1),
                    D(2010, 1, 1),
                    D(2012, 6, 1),
                ],
                # Mon 01/06 to Mon 03/08/2026 is exactly 45 working days; to Wed 05/08 is 47.
                # Open: Fri 11/09 to R (Mon 16/11) is 46 working days; Mon 14/09 to R exactly 45.
                "assessment_start_date": [
                    D(2026, 6, 1),
                    D(2026, 6, 1),
                    D(2026, 4, 1),
                    D(2026, 11, 1),
                    D(2026, 9, 11),
                    D(2026, 9, 14),
                ],
                "assessment_authorised_date": [
                    D(2026, 8, 3),
                    D(2026, 8, 5),
                    D(2026, 5, 10),
                    None,
                    None,
                    None,
                ],
                "child_seen": ["Yes", "No", "No", "Unknown", "Unknown", "Yes"],
                "da_victim": ["Yes", "No", "No", "Yes", "No", "No"],
            }
        ),
        s47=pl.DataFrame(
            {
                "child_id": ["1", "2", "3", "4"],
                "strategy_date": [D(2026, 6, 1), D(2026, 6, 1), D(2026, 5, 1), D(2026, 11, 10)],
                # 15 working days; 16; 12 (4 May and 25 May 2026 are bank holidays); none yet
                "icpc_date": [D(2026, 6, 22), D(2026, 6, 23), D(2026, 5, 20), None],
                "icpc_resulted_in_cpp": ["Yes", "No", "Yes", None],
            }
        ),
        cin=pl.DataFrame(
            {
                "child_id": ["1", "1", "2", "3"],
                "date_of_birth": [D(2024, 1, 1)] * 4,
                "da_victim": ["Yes", "No", "No", None],
            }
        ),
        cp=pl.DataFrame(
            {
                "child_id": ["1", "2", "3"],
                "cpp_start_date": [D(2026, 1, 10), D(2026, 6, 1), D(2026, 7, 1)],
                "cpp_end_date": [None, R, D(2026, 12, 1)],  # ended on R is not open
                "previous_cpp_count": [0, 1, 0],
            }
        ),
        not_in_fte=pl.DataFrame(
            {"child_id": ["A", "B", "C", "A"], "hours_per_week": [10.0, 25.0, 24.5, 12.0]}
        ),
    )
