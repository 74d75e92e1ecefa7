"""Every exception Clew raises, in one place.

User-facing errors carry where the problem is — file, line (or row) and field — so that
the CLI can print one line naming them and exit non-zero without a traceback. Analyses
and interfaces raise these, never bare ``ValueError``.

Exit codes, by class of failure (declared here once; ``clew.cli.main`` uses them):

====  ==========================================================================
1     the user's input or options (``UserError`` and its kinds)
2     a path the user gave: missing, a folder, no permission (``OSError``)
3     access denied (need-to-know)
4     the audit log does not verify
5     the store is corrupt (points to ``PRAGMA integrity_check`` and the backup)
6     the disk (or the database's size limit) is full
7     the workspace is read-only and the command writes
8     a database driver or server is missing (``--database-url``)
70    an internal error (a bug: reported in one line, details with ``CLEW_DEBUG=1``)
75    the store stayed locked by another process: try again
130   interrupted (Ctrl-C)
====  ==========================================================================
"""

from __future__ import annotations

from dataclasses import dataclass

EXIT_OS_ERROR = 2
EXIT_INTERNAL = 70
EXIT_INTERRUPTED = 130


class ClewError(Exception):
    """Base of every error Clew raises on purpose. ``str()`` is the one-line message."""

    exit_code = 1


@dataclass
class Location:
    """Where a problem is: a file, a line or row (1-based), and a field (column/property)."""

    file: str | None = None
    line: int | None = None
    field: str | None = None

    def __post_init__(self) -> None:
        # a seized file's name may not be UTF-8: keep it printable and storable (\xNN)
        if self.file is not None:
            from clew.fswalk import readable

            self.file = readable(self.file)

    def __str__(self) -> str:
        parts = [self.file or "<input>"]
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.field:
            parts.append(f"field {self.field!r}")
        return ", ".join(parts)


class UserError(ClewError):
    """A problem with what the user gave: a path, an option, a file's content."""

    def __init__(self, message: str, location: Location | None = None) -> None:
        self.message = message
        self.location = location
        super().__init__(f"{location}: {message}" if location else message)

    def __reduce__(self) -> tuple:  # keeps message and location apart across processes
        return (type(self), (self.message, self.location))


class OutputError(UserError):
    """A file Clew was asked to write cannot be written: a bad path, no permission, a full
    disk. Exit code 2, as for a path the user gave that cannot be read."""

    exit_code = 2


class InputError(UserError):
    """One record of an input file is invalid; it is quarantined, not stored."""


class FormatError(UserError):
    """A whole file cannot be read as the format it claims (or no format fits)."""


class EmptyFile(FormatError):
    """A file of 0 bytes, named as such rather than as a format that does not fit (ingest, a
    hash list): the likeliest cause is a copy or an export that failed."""

    def __init__(self, path: str, action: str = "ingest") -> None:
        self.path, self.action = path, action
        super().__init__(f"empty file (0 bytes): nothing to {action}", Location(file=path))

    def __reduce__(self) -> tuple:
        return (type(self), (self.path, self.action))


class MappingError(UserError):
    """A CSV/Excel mapping file is wrong, or names a column the data does not have."""


class IdentifierError(UserError):
    """A value cannot be normalised as the identifier kind it was given as."""


class WorkspaceError(UserError):
    """The workspace folder is missing, not a Clew workspace, or of a newer schema."""


class UnknownOperation(WorkspaceError):
    """An ``--operation`` the workspace does not hold (operations are created explicitly)."""

    def __init__(self, name: str, known: list[str]) -> None:
        self.name, self.known = name, known
        listed = ", ".join(known) if known else "none"
        super().__init__(
            f"unknown operation {name!r}; known: {listed} (create one with `clew operations create NAME`)"
        )

    def __reduce__(self) -> tuple:
        return (type(self), (self.name, self.known))


class StoreError(ClewError):
    """The database behind a workspace failed (not the user's input). ``where`` names it."""

    exit_code = 5

    def __init__(self, message: str, where: str | None = None) -> None:
        self.message, self.where = message, where
        super().__init__(f"{where}: {message}" if where else message)

    def __reduce__(self) -> tuple:
        return (type(self), (self.message, self.where))


class StoreCorrupt(StoreError):
    """The database file is damaged or not a database."""

    exit_code = 5


class StoreFull(StoreError):
    """The disk (or the database's size limit) is full; the last write was rolled back."""

    exit_code = 6


class ReadOnlyWorkspace(StoreError):
    """The workspace can only be read, and the command needs to write."""

    exit_code = 7


class DriverMissing(StoreError):
    """The database URL needs a driver that is not installed (an optional extra)."""

    exit_code = 8


class StoreBusy(StoreError):
    """Another process held the write lock for longer than Clew waits."""

    exit_code = 75


class AccessDenied(ClewError):
    """The principal may not touch this operation (need-to-know)."""

    exit_code = 3


class AuditError(ClewError):
    """The audit log's hash chain does not verify: it has been altered."""

    exit_code = 4


class StrictModeError(UserError):
    """``--strict`` ingest met an invalid record, so the whole file was refused."""


class NotFound(UserError):
    """A named thing (subject, account, hash list, source) does not exist in the operation."""


class WorkerError(ClewError):
    """A process building part of a big file stopped unexpectedly; the file is not stored."""


class Unauthenticated(ClewError):
    """No valid session or token: log in again (HTTP 401). The message never says which part
    failed (user, password, code), so it tells an attacker nothing."""

    exit_code = 3


class Forbidden(ClewError):
    """The caller is known but their role lacks the permission (HTTP 403)."""

    exit_code = 3


class PurposeRequired(UserError):
    """A read of case data without a purpose (``X-Clew-Purpose``) is refused (checklist A2)."""


class AuditUnavailable(ClewError):
    """The audit record could not be written, so the data is not returned (fail closed, A9)."""

    exit_code = 4


class JobError(UserError):
    """A background job is unknown or cannot be cancelled in its state."""


class ContextRequired(PurposeRequired):
    """A web page of case data before the session chose its operation and purpose (A2): the
    web app sends the analyst to the choice first."""
