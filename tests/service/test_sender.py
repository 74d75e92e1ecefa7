"""``clew.service.leads.sender``: the sending unit every interface (CLI, API) builds packages
with; a blank unit or contact keeps the placeholder rather than naming nobody."""

from __future__ import annotations

from clew.leads.package import Sender
from clew.leads.vocabulary import DEFAULT_TLP
from clew.service.leads import sender


def test_blank_unit_and_contact_keep_the_placeholders() -> None:
    assert sender("", None, ["OP-1"]) == Sender(case_refs=("OP-1",))


def test_given_fields_are_kept() -> None:
    got = sender("Unit 7", "desk@example.org", ("A", "B"), tlp="TLP:RED", restrictions=("no onward",))
    assert (got.unit, got.contact, got.case_refs) == ("Unit 7", "desk@example.org", ("A", "B"))
    assert (got.tlp, got.restrictions) == ("TLP:RED", ("no onward",))
    assert sender().tlp == DEFAULT_TLP and sender() == Sender()
