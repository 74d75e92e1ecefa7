"""Cellebrite UFDR reports (``*.ufdr``, or a folder holding ``report.xml``): a seized device.

Two streaming passes over ``report.xml`` (docs/formats.md, "UFDR"): the first reads only the
head, up to the first tagged file or decoded model, for the project's device information (the
owner, the SIM, the device's country); the second reads the tagged files and decoded models one
by one (:mod:`clew.ingest.ufdr_models`), each cleared once read, so memory does not grow with
the report. Safety of the archive and of the XML: :mod:`clew.ingest.ufdr_source` and
:mod:`clew.ingest.ufdr_xml`.

The files section: each tagged file becomes an ``Image``/``Video``/``Document`` (by the category
the report gives, else the extension) with its name, path, size, MD5/SHA-256 (and SHA-1, PDQ
when the report carries them) and the category as reported, held by the device's owner
(``clew:holder``), so media matching works on the hashes without reading any bytes. When the
report lists no hash and the archive holds the file, the file is hashed (read once, 1 MiB at a
time, never kept); ``clew media hash`` adds PDQ for images.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from lxml import etree

from clew.errors import FormatError, Location
from clew.ingest.ids import ufdr_model_id
from clew.ingest.records import Reader, RecordResult, SourceContext, lower_name
from clew.ingest.ufdr_device import device
from clew.ingest.ufdr_models import Mapper, locator
from clew.ingest.ufdr_source import REPORT, UfdrSource
from clew.ingest.ufdr_xml import NS, device_items, drop, file_items, models

IMAGE = (".jpg", ".jpeg", ".png", ".gif", ".bmp", ".webp", ".heic", ".tif", ".tiff")
VIDEO = (".mp4", ".avi", ".mov", ".mkv", ".wmv", ".webm", ".3gp", ".m4v", ".mpg", ".mpeg", ".flv")
CATEGORY_SCHEMA = {"image": "Image", "images": "Image", "video": "Video", "videos": "Video"}
HASH_ITEMS = {"MD5": "clew:md5", "SHA256": "clew:sha256", "SHA1": "contentHash", "PDQ": "clew:pdq",
              "PDQQuality": "clew:pdqQuality"}  # fmt: skip


class UfdrReader(Reader):
    name = "ufdr"
    pipelined = True

    def matches_name(self, path: Path, ctx: SourceContext) -> bool:
        return lower_name(path).endswith(".ufdr")

    def sniff(self, path: Path, head: bytes) -> bool:
        return path.name.lower() == REPORT and NS.encode() in head

    def read(self, path: Path, ctx: SourceContext) -> Iterator[RecordResult]:
        source = UfdrSource(path)
        try:
            yield from self._read(source, ctx)
        except etree.XMLSyntaxError as exc:
            line = exc.lineno if getattr(exc, "lineno", None) else None
            raise FormatError(
                f"{REPORT} is not well-formed XML: {exc.msg}", Location(file=str(path), line=line)
            ) from exc
        finally:
            if source.zip is not None:
                source.zip.close()

    def _read(self, source: UfdrSource, ctx: SourceContext) -> Iterator[RecordResult]:
        with source.open_report() as stream:
            project, items, lines = device_items(stream)
        project = project or ctx.sha256
        dev = device(project, items)
        if ctx.owner:  # the manifest names the owner: the report's owner record is that entity
            dev.owner_id = ctx.owner
        # the region ``build`` reads the records against, so parties match contacts as stored:
        # a manifest's country (``own_first`` False) wins, then the device's, then ``--country``
        stated = ctx.region.country is not None and not ctx.region.own_first
        region = ctx.region if stated or (ctx.region.country and not dev.region.country) else dev.region
        mapper = Mapper(project, dev.owner_id, dev.owner["phone"], region)
        line = min(lines.values(), default=None)
        owner = {k: v for k, v in dev.owner.items() if v}
        yield mapper.result("/project/metadata (device)", line, dev.owner_id, "Person", owner)
        with source.open_report() as stream:
            for kind, el, chat in models(stream):
                if kind == "file":
                    yield from self._file(el, mapper, source)
                    drop(el)
                elif kind == "message":
                    yield from mapper.message(el, chat)
                    drop(el)
                else:
                    yield from mapper.map(el)
                    drop(el)
                self.position = stream.position

    def _file(self, el: Any, mapper: Mapper, source: UfdrSource) -> Iterator[RecordResult]:
        meta = file_items(el)
        path = el.get("path") or meta.get("Local Path") or ""
        local = meta.get("Local Path")
        category = meta.get("Tags") or meta.get("Category")
        parts = (local or "").replace("\\", "/").split("/")
        if not category and len(parts) > 2 and parts[0].lower() == "files":  # files/Image/x.jpg
            category = parts[1]
        name = posixpath.basename(path.replace("\\", "/")) or (el.get("name") or "")
        schema = CATEGORY_SCHEMA.get((category or "").lower()) or (
            "Image"
            if name.lower().endswith(IMAGE)
            else "Video"
            if name.lower().endswith(VIDEO)
            else "Document"
        )
        props: dict[str, list[str]] = {
            "fileName": [name] if name else [],
            "clew:path": [path] if path else [],
            "fileSize": [el.get("size")] if el.get("size") else [],
            "clew:category": [category] if category else [],
            "clew:holder": [mapper.owner_id],
        }
        for item, prop in HASH_ITEMS.items():
            if value := meta.get(item):
                props[prop] = [value]
        tally = "files"
        if local and not (props.get("clew:md5") or props.get("clew:sha256")):
            digests, why = source.hash_file(local)
            if digests:
                props.update({"clew:md5": [digests["md5"]], "contentHash": [digests["sha1"]],
                              "clew:sha256": [digests["sha256"]]})  # fmt: skip
                yield RecordResult(locator(el), el.sourceline, tally="files hashed from the archive")
            elif why:
                yield RecordResult.fail(locator(el), el.sourceline, why, "Local Path", local)
        fid = ufdr_model_id(mapper.project, el.get("id") or path or str(el.sourceline))
        yield mapper.result(locator(el), el.sourceline, fid, schema, props, tally)
