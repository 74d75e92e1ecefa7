"""Line-by-line reading with a bound on memory.

A text line is read as bytes, at most :data:`MAX_LINE` of them kept: a longer line (a 50 MB
"record" is an attack or a broken export, never an entity) is skipped to its end while only
its first bytes are kept for the quarantine. Decoding happens per line so that invalid UTF-8
is an error of that line, not of the file.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from clew.ingest.records import RAW_LIMIT

MAX_LINE = 8 * 2**20
CHUNK = 2**20


@dataclass(slots=True)
class Line:
    number: int  # 1-based
    data: bytes  # without the line end; only the head when ``oversized``
    complete: bool  # False for a last line without a line end (possibly truncated)
    oversized: int = 0  # total size in bytes when the line exceeded MAX_LINE
    size: int = 0  # bytes the line took in the file, its end included


def read_lines(fh: BinaryIO, max_line: int = MAX_LINE, first: int = 1) -> Iterator[Line]:
    """Every line of ``fh`` from where it is (blank ones included, so numbers match an editor's);
    ``first`` is the number of the line it is at."""
    number = first - 1
    while True:
        data = fh.readline(max_line + 1)
        if not data:
            return
        number += 1
        if len(data) > max_line and not data.endswith(b"\n"):
            size = len(data)
            head = data[:RAW_LIMIT]
            del data
            while True:
                chunk = fh.readline(CHUNK)
                size += len(chunk)
                if not chunk or chunk.endswith(b"\n"):
                    break
            yield Line(number, head, True, oversized=size, size=size)
            continue
        size = len(data)
        complete = data.endswith(b"\n")
        if complete:
            data = data[:-2] if data.endswith(b"\r\n") else data[:-1]
        yield Line(number, data, complete, 0, size)


def line_start(fh: BinaryIO, offset: int) -> int:
    """The offset of the first line that starts at or after ``offset`` (scanning, never reading
    a whole long line into memory); the file's size when there is none."""
    if offset <= 0:
        return 0
    fh.seek(offset - 1)
    position = offset - 1
    while chunk := fh.read(CHUNK):
        found = chunk.find(b"\n")
        if found >= 0:
            return position + found + 1
        position += len(chunk)
    return position


def count_lines(fh: BinaryIO, start: int, end: int) -> int:
    """How many line ends lie in ``[start, end)``."""
    fh.seek(start)
    n, left = 0, end - start
    while left > 0 and (chunk := fh.read(min(CHUNK, left))):
        n += chunk.count(b"\n")
        left -= len(chunk)
    return n
