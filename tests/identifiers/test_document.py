"""Identity-document numbers: one spelling per document, junk refused."""

import pytest

from clew.identifiers import normalise


@pytest.mark.parametrize("raw", ["X1234567", "x 1234-567", "x.123.4567", " X1234/567 "])
def test_spellings_of_one_number_meet(raw):
    assert normalise("document", raw).key == "document:X1234567"


@pytest.mark.parametrize("raw", ["12", "n/a", "AB998", "ABCDEFGH", "Ä1234567", "X" * 40 + "1", "none given"])
def test_text_that_would_join_strangers_is_refused(raw):
    result = normalise("document", raw)
    assert not result.valid and result.key is None and "document number" in result.reason


def test_a_number_carries_no_country():
    assert normalise("document", "X1234567", "PH").attributions == ()
