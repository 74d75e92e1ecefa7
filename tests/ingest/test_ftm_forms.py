"""National numbers of an entity that states its country as another tool does (issue 11; the
fixture is ``tests/data/ftm_forms/other_tool.ftm.jsonl``, see tests/ftm_forms.py)."""

from __future__ import annotations

from clew.ingest.region import own_country
from ftm_forms import other_tool  # noqa: F401  (a fixture)


def test_a_companys_jurisdiction_reads_its_national_numbers(other_tool) -> None:  # noqa: F811
    """The file gives no --country; the company states only its jurisdiction (as Aleph and
    OpenSanctions companies often do): its 0917 number is a Philippine mobile, and the evidence
    says which property said so."""
    keys = {r["key"] for r in other_tool.select("mentions", {"entity_id": "co-tidewater"})}
    assert keys == {"phone:+639175550100"}
    (row,) = other_tool.select("attributions", {"key": "phone:+639175550100"})
    assert row["rule"] == "phone-entity-country" and row["country"] == "PH"
    assert "entity co-tidewater itself states (its jurisdiction property)" in row["evidence"]


def test_own_country_is_one_country_or_none() -> None:
    assert own_country({"country": ["ph"]}) == ("PH", "country")
    assert own_country({"mainCountry": ["mx"], "country": ["mx"]}) == ("MX", "country")
    assert own_country({"jurisdiction": ["cy"]}) == ("CY", "jurisdiction")
    assert own_country({"country": ["ph"], "jurisdiction": ["cy"]}) is None  # two: none assumed
    assert own_country({"name": ["x"]}) is None
