"""Information items 1.1-5.9 (guidance paras 123-124), read into typed items."""

from __future__ import annotations

from jtai_analysis.catalogue.request_items import load_request_items, request_agencies


def test_items_run_from_1_1_to_5_9_in_guidance_order() -> None:
    numbers = [item.number for item in load_request_items()]
    assert (numbers[0], numbers[-1]) == ("1.1", "5.9")
    assert numbers == sorted(numbers, key=lambda n: tuple(int(part) for part in n.split(".")))


def test_every_item_is_asked_of_an_agency_with_a_heading() -> None:
    agencies = request_agencies()
    assert agencies["POLICE"] == "The police force"
    assert {item.agency for item in load_request_items()} == set(agencies)
