"""The ingest's fast paths give exactly what FtM's own cleaning gives."""

from __future__ import annotations

from followthemoney.types import registry
from followthemoney.util import make_entity_id
from hypothesis import given, settings
from hypothesis import strategies as st

from clew.ingest.cleaners import entity_ref
from clew.ingest.ids import _text_id

ID_CHARS = st.sampled_from("abcXYZ019.-_ äé\t\u0000/")


@settings(max_examples=2000, deadline=None)
@given(st.one_of(st.text(ID_CHARS, max_size=12), st.text(max_size=12)))
def test_entity_reference_fast_path_equals_ftm_clean(raw: str) -> None:
    assert entity_ref(raw) == registry.entity.clean(raw)


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.one_of(st.text(ID_CHARS, max_size=8), st.text(max_size=8), st.integers()), max_size=4))
def test_text_id_equals_ftm_make_entity_id(parts: list) -> None:
    try:
        expected = make_entity_id("clew:chat-message", *parts)
    except UnicodeEncodeError:  # a lone surrogate: FtM cannot hash it either
        return
    assert _text_id("clew:chat-message", *parts) == expected
