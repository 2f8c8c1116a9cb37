"""The contracts say how a column is degraded for sharing, and refuse a way they do not know."""

from __future__ import annotations

import pytest

from jtai_analysis.catalogue.checked_yaml import validated
from jtai_analysis.catalogue.columns import Column
from jtai_analysis.catalogue.lists import ContractError, load_catalogue


def test_every_date_of_birth_is_shared_as_the_first_of_its_month() -> None:
    marked = {
        (contract.key, column.key): column.when_shared
        for contract in load_catalogue().lists.values()
        for column in contract.columns
        if column.when_shared
    }
    with_birth_dates = {
        contract.key
        for contract in load_catalogue().lists.values()
        if "date_of_birth" in contract.column_keys
    }
    assert {"contacts", "assessments", "cin", "cp", "nominations", "not_in_fte"} <= with_birth_dates
    assert marked == {(key, "date_of_birth"): "first_of_month" for key in with_birth_dates}


def test_an_unknown_way_of_sharing_is_refused() -> None:
    spec = {"key": "dob", "header": "DOB", "type": "date", "when_shared": "year_only"}
    with pytest.raises(ContractError, match="when_shared") as refused:
        validated(Column, spec, "test.yml")
    assert "year_only" in str(refused.value) and "first_of_month" in str(refused.value)
