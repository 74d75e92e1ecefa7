"""``clew subject`` shows what resolution counts for a subject from another tool's FtM (issue 11;
the fixture is ``tests/data/ftm_forms/other_tool.ftm.jsonl``, see tests/ftm_forms.py)."""

from __future__ import annotations

from clew.service.subject import subject
from ftm_forms import other_tool  # noqa: F401  (a fixture)


def test_a_wallets_and_a_passports_numbers_come_through_their_holder(other_tool) -> None:  # noqa: F811
    """A CryptoWallet or Identification naming the subject as its holder: its identifiers are the
    subject's, as in resolution (before, only those held through an Ownership were shown)."""
    eli = {i.value: i.through for i in subject(other_tool, "p-eli").identifiers}
    assert eli["bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"] == (
        "cw-eli (held through its holder property), source 1 line 33",
    )
    assert eli["T0000002"] == ("ident-1 (held through its holder property), source 1 line 19",)
    dev = {i.value: set(i.through) for i in subject(other_tool, "p-dev").identifiers}
    assert dev["X0000001"] == {  # in the store's order, which the backends do not share
        "kyc-dev, source 1 line 45",
        "pass-1 (held through its holder property), source 1 line 18",
    }
    fay = {i.value: i.through for i in subject(other_tool, "p-fay").identifiers}
    assert fay["1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2"] == ("cw-fay (held through own-cw), source 1 line 34",)
