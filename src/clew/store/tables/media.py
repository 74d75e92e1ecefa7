"""Tables of hash-only media matching (issue 5). Declared by the media package's authors.

Only hashes and file metadata are stored, never file content. ``media_files`` is what
``clew media hash`` found (one row per file, resumable: path + size + mtime is unique);
``hashlists``/``hashlist_entries`` are imported known / known-good lists; ``media_matches``
is the last ``clew media match`` result (replaced by each run).
"""

from __future__ import annotations

from sqlalchemy import Column, Float, Index, Integer, String, Table, Text, UniqueConstraint

from clew.store.tables.base import metadata, operation_column

media_files = Table(
    "media_files",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    operation_column(),
    Column("source", Text, nullable=False),  # --source label (exhibit)
    Column("holder", String(128)),  # entity id of the device owner / sharer
    Column("path", Text, nullable=False),  # inside a zip: archive.zip!inner/path
    Column("size", Integer, nullable=False),
    Column("mtime", String(32), nullable=False),  # ISO-8601 UTC
    Column("ctime", String(32)),
    Column("kind", String(8), nullable=False),  # image, video, other
    Column("md5", String(32), nullable=False),
    Column("sha1", String(40), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("pdq", String(64)),  # 64 hex digits; NULL for non-images
    Column("quality", Integer),
    Column("pdq_dihedral", Text),  # the 8 dihedral PDQ hashes (as stored first), space-separated
    Column("note", Text),  # how the image was prepared (EXIF orientation, alpha, 16-bit, resize)
    Column("run_id", String(40), nullable=False),
    Column("hashed_at", String(20), nullable=False),
    UniqueConstraint("operation", "path", "size", "mtime", name="uq_media_file"),
    Index("ix_media_files_sha256", "operation", "sha256"),
)

media_frames = Table(
    "media_frames",
    metadata,
    operation_column(),
    Column("file_id", Integer, nullable=False),
    Column("frame", Integer, nullable=False),
    Column("timestamp", Float),
    Column("pdq", String(64), nullable=False),
    Column("quality", Integer, nullable=False),
    UniqueConstraint("operation", "file_id", "frame", name="uq_media_frame"),
)

media_errors = Table(
    "media_errors",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    operation_column(),
    Column("source", Text),
    Column("path", Text, nullable=False),
    Column("error", Text, nullable=False),
    Column("run_id", String(40), nullable=False),
    Column("at", String(20), nullable=False),
)

hashlists = Table(
    "hashlists",
    metadata,
    Column("name", String(200), nullable=False),
    operation_column(),
    Column("kind", String(16), nullable=False),  # known | known-good
    Column("version", Text),
    Column("source", Text),
    Column("caveat", Text),
    Column("format", String(32), nullable=False),  # csv, vics, nsrl, icse
    Column("file_sha256", String(64), nullable=False),
    Column("entries", Integer, nullable=False),
    Column("run_id", String(40), nullable=False),
    Column("imported_at", String(20), nullable=False),
    UniqueConstraint("operation", "name", name="uq_hashlist"),
)

hashlist_entries = Table(
    "hashlist_entries",
    metadata,
    operation_column(),
    Column("list_name", String(200), nullable=False),
    Column("md5", String(32)),
    Column("sha1", String(40)),
    Column("sha256", String(64)),
    Column("pdq", String(64)),
    Column("category", Text),
    Column("series", Text),
    Column("line", Integer),  # where in the list file (provenance)
    Index("ix_hashlist_md5", "operation", "md5"),
    Index("ix_hashlist_sha1", "operation", "sha1"),
    Index("ix_hashlist_sha256", "operation", "sha256"),
    Index("ix_hashlist_list", "operation", "list_name"),
)

media_matches = Table(
    "media_matches",
    metadata,
    operation_column(),
    Column("item", Text, nullable=False),  # entity id (record) or media_files path
    Column("item_kind", String(8), nullable=False),  # record | file
    Column("holder", String(128)),
    Column("subject_id", String(128)),
    Column("match", String(16), nullable=False),  # md5 | sha1 | sha256 | pdq | possibly-new
    Column("list_name", String(200)),
    Column("distance", Integer),
    Column("category", Text),
    Column("series", Text),
    Column("sha256", String(64)),
    Column("pdq", String(64)),
    Column("run_id", String(40), nullable=False),
    Index("ix_media_matches_subject", "operation", "subject_id"),
)
