"""Reading Cellebrite's ``report.xml`` (namespace ``http://pa.cellebrite.com/report/2.0``) safely.

The parser is lxml's ``iterparse`` with nothing resolved and nothing fetched
(``resolve_entities=False``, ``no_network=True``, ``load_dtd=False``, libxml2's own limits kept:
no ``huge_tree``), after :func:`clew.ingest.ufdr_source.refuse_doctype` has turned away any DTD.
It streams: callers clear each element once read (:func:`drop`), so memory stays flat however
big the report is.

A model is ``<model type="Contact" id="…">`` with ``<field name="…"><value>…</value></field>``,
``<multiField>`` (several values), ``<modelField name="From">`` (one nested model) and
``<multiModelField name="Entries">`` (several) children, as Aleph's ingest-file reads them.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from typing import IO, Any

from lxml import etree

NS = "http://pa.cellebrite.com/report/2.0"
PROJECT = f"{{{NS}}}project"
METADATA = f"{{{NS}}}metadata"
ITEM = f"{{{NS}}}item"
MODEL = f"{{{NS}}}model"
MODELTYPE = f"{{{NS}}}modelType"
FIELD = f"{{{NS}}}field"
MULTIFIELD = f"{{{NS}}}multiField"
MODELFIELD = f"{{{NS}}}modelField"
MULTIMODELFIELD = f"{{{NS}}}multiModelField"
VALUE = f"{{{NS}}}value"
FILE = f"{{{NS}}}file"
TAGGEDFILES = f"{{{NS}}}taggedFiles"
DECODED = f"{{{NS}}}decodedData"
SAFE = {"resolve_entities": False, "no_network": True, "load_dtd": False, "huge_tree": False}
TRUE = {"true", "yes", "1"}


def iterparse(stream: IO[bytes], events: tuple[str, ...], tags: list[str]) -> Any:
    """lxml's iterparse over ``stream`` with the defused settings (:data:`SAFE`)."""
    return etree.iterparse(stream, events=events, tag=tags, remove_comments=True, remove_pis=True, **SAFE)


def drop(el: Any) -> None:
    """Forget an element once read, and the siblings before it (constant memory)."""
    el.clear(keep_tail=False)
    parent = el.getparent()
    if parent is not None:
        while el.getprevious() is not None:
            del parent[0]


def device_items(stream: IO[bytes]) -> tuple[str | None, dict[str, list[str]], dict[str, int]]:
    """``(project id, {item name: values}, {item name: line})`` of the project's own
    ``<metadata>`` sections (device info, extraction data). Stops at the first tagged file or
    decoded model: Cellebrite writes the metadata before them, so this pass reads only the head."""
    project: str | None = None
    items: dict[str, list[str]] = {}
    lines: dict[str, int] = {}
    for event, el in iterparse(stream, ("start", "end"), [PROJECT, METADATA, TAGGEDFILES, DECODED]):
        if event == "start":
            if el.tag == PROJECT:
                project = el.get("id") or el.get("name")
            elif el.tag in (TAGGEDFILES, DECODED):
                break
            continue
        if el.tag == METADATA and el.getparent() is not None and el.getparent().tag == PROJECT:
            for item in el.iterchildren(ITEM):
                name, text = item.get("name"), (item.text or "").strip()
                if name and text:
                    items.setdefault(name, []).append(text)
                    lines.setdefault(name, item.sourceline or 0)
            drop(el)
    return project, items, lines


def parts(
    model: Any, names: Collection[str] | None = None, subnames: Collection[str] | None = None
) -> tuple[dict[str, list[str]], list[tuple[str, Any]]]:
    """The model's own field values by name (``field`` and ``multiField``, blanks left out) and its
    nested models as ``(modelField name, model)`` in document order, in one pass over its
    children; only the fields in ``names`` and the nested models under ``subnames`` when given
    (a message's body is then never turned into a Python string, nor its other children's tags
    read). Plain iteration: lxml's filtered iterators cost more than comparing names here, and
    each child read is a proxy object made (the hot path: every message and party)."""
    out: dict[str, list[str]] = {}
    subs: list[tuple[str, Any]] = []
    for child in model:
        name = child.get("name") or ""
        field = names is None or name in names
        nested = subnames is None or name in subnames
        if not (field or nested):
            continue
        tag = child.tag
        if tag in (FIELD, MULTIFIELD):
            if not field:
                continue
            for value in child:
                text = value.text
                if text and (text := text.strip()):
                    if name in out:
                        out[name].append(text)
                    else:
                        out[name] = [text]
        elif nested and tag in (MULTIMODELFIELD, MODELFIELD):
            for sub in child:
                if sub.tag == MODEL:
                    subs.append((name, sub))
    return out, subs


def fields(model: Any, *names: str) -> dict[str, list[str]]:
    """The model's own field values by name (see :func:`parts`)."""
    return parts(model, names or None)[0]


def submodels(subs: list[tuple[str, Any]], *names: str) -> list[Any]:
    """The nested models (of :func:`parts`) under the ``modelField``/``multiModelField`` s ``names``."""
    return [sub for name, sub in subs if name in names]


def first(values: dict[str, list[str]], *names: str) -> str | None:
    for name in names:
        if values.get(name):
            return values[name][0]
    return None


def flag(values: dict[str, list[str]], *names: str) -> bool:
    for name in names:
        for v in values.get(name, ()):
            if v.lower() in TRUE:
                return True
    return False


def file_items(el: Any) -> dict[str, str]:
    """A tagged file's metadata items (``Local Path``, ``MD5``, ``SHA256``, ``Tags`` …) by name."""
    out: dict[str, str] = {}
    for meta in el.iterchildren(METADATA):
        for item in meta.iterchildren(ITEM):
            name, text = item.get("name"), (item.text or "").strip()
            if name and text and name not in out:
                out[name] = text
    return out


def models(stream: IO[bytes]) -> Iterator[tuple[str, Any, Any]]:
    """``("model", el, None)`` for each top-level decoded model, ``("message", el, chat)`` for
    each message of a chat (as it ends, so a chat of a million messages is never whole in memory)
    and ``("file", el, None)`` for each tagged file. The caller reads the element, then calls
    :func:`drop` on it. Where the chat's messages are (its ``Messages`` field, and the chat when
    it is a top-level one) is worked out once per chat, not once per message: the field's proxy
    is kept, so lxml hands back that same object as the parent of each of its messages."""
    messages: Any = None  # the Messages field whose messages end now, and its top-level chat or None
    chat: Any = None
    for _, el in iterparse(stream, ("end",), [MODEL, FILE]):
        parent = el.getparent()
        if parent is None:
            continue
        if parent is messages:
            if chat is not None and el.tag == MODEL:
                yield "message", el, chat
            continue
        ptag = parent.tag
        if ptag == MODELTYPE:
            if el.tag == MODEL:
                yield "model", el, None
        elif ptag == MULTIMODELFIELD:
            if parent.get("name") == "Messages":
                owner = parent.getparent()
                top = owner.getparent() if owner is not None else None
                messages, chat = parent, owner if top is not None and top.tag == MODELTYPE else None
                if chat is not None and el.tag == MODEL:
                    yield "message", el, chat
        elif ptag == TAGGEDFILES and el.tag == FILE:
            yield "file", el, None
