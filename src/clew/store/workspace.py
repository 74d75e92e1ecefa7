"""A workspace: a folder holding one embedded database and its settings.

``clew --workspace DIR`` (or ``CLEW_WORKSPACE``; default ``./clew-workspace``) names it.
``workspace.json`` records the default operation and, for a server deployment, the
database URL (PostgreSQL); without one the store is ``DIR/clew.db`` (SQLite).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from clew.errors import DriverMissing, ReadOnlyWorkspace, UserError, WorkspaceError
from clew.model.statement import utcnow
from clew.store import opening
from clew.store.base import Principal
from clew.store.checkpoint import CheckpointLog
from clew.store.sql import SQLStore, make_engine
from clew.vocabulary import AuditAction

SETTINGS = "workspace.json"
DEFAULT_OPERATION = "default"
OPERATION_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


def require_driver(url: str) -> None:
    """Refuse a database URL whose driver is not installed, before anything is created."""
    from sqlalchemy.engine import make_url

    try:
        dialect = make_url(url).get_dialect()
        dialect.import_dbapi()
    except ImportError as exc:
        extra = " (pip install 'clew[postgres]')" if url.startswith("postgres") else ""
        raise DriverMissing(f"the database driver for this URL is not installed{extra}: {exc}") from None
    except Exception as exc:  # a malformed URL, an unknown dialect
        raise UserError(f"--database-url: not a usable database URL: {exc}") from None


def default_path() -> Path:
    """The workspace folder when ``--workspace`` is not given: ``CLEW_WORKSPACE`` or ``./clew-workspace``."""
    return Path(os.environ.get("CLEW_WORKSPACE", "clew-workspace"))


@dataclass
class Workspace:
    """A workspace folder and its settings (``workspace.json``); :meth:`store` opens a store."""

    path: Path
    settings: dict
    on_wait: Callable[[str], None] | None = field(default=None, compare=False)  # see SQLStore.on_wait

    @classmethod
    def init(cls, path: Path, operation: str = DEFAULT_OPERATION, url: str | None = None) -> Workspace:
        """Create the folder, the database and the settings if missing (an existing workspace
        is left as it is), private to the user (folder 0700, files 0600, whatever the umask).

        All or nothing: a failure (a missing database driver, an unreachable server, a full
        disk) removes what this call created, so no half-made workspace is left behind; the
        settings file, which makes the folder a workspace, is written last."""
        path = Path(path)
        settings_file = path / SETTINGS
        if settings_file.exists():
            return cls.open(path)
        if url:
            require_driver(url)
        made = _Made(path)
        try:
            made.folder()
            settings = {"default_operation": operation, "created_at": utcnow(), "id": uuid.uuid4().hex[:16]}
            if url:
                settings["database_url"] = url
            workspace = cls(path, settings)
            if workspace.database is not None:
                made.private_file(workspace.database)
            workspace.create_operation(operation, audit=False)  # creates the schema too
            made.private_file(settings_file, json.dumps(settings, indent=2) + "\n")
        except BaseException:
            made.undo()
            raise
        return workspace

    @classmethod
    def open(cls, path: Path) -> Workspace:
        """An existing workspace; a folder without settings is a WorkspaceError."""
        path = Path(path)
        settings_file = path / SETTINGS
        if not settings_file.exists():
            raise WorkspaceError(f"{path}: not a Clew workspace (run `clew init` or `clew demo`)")
        try:
            settings = json.loads(settings_file.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise WorkspaceError(f"{settings_file}: unreadable workspace settings: {exc}") from exc
        return cls(path, settings)

    @property
    def url(self) -> str:
        return self.settings.get("database_url") or f"sqlite:///{(self.path / 'clew.db').resolve()}"

    @property
    def default_operation(self) -> str:
        return self.settings.get("default_operation", DEFAULT_OPERATION)

    @property
    def log_id(self) -> str:
        """The workspace's id, naming its audit logs in signed checkpoints."""
        created = str(self.settings.get("created_at"))
        return self.settings.get("id") or hashlib.sha256(created.encode()).hexdigest()[:16]

    @property
    def audit_dir(self) -> Path:
        """Where the checkpoint key and signed checkpoints live: outside the database, by default
        ``WORKSPACE/audit`` (``audit_dir`` in workspace.json moves them to another volume)."""
        configured = self.settings.get("audit_dir")
        return Path(configured) if configured else self.path / "audit"

    def checkpoints(self) -> CheckpointLog:
        return CheckpointLog(self.audit_dir, self.log_id)

    @property
    def database(self) -> Path | None:
        """The SQLite file, or None for a server database."""
        return None if self.settings.get("database_url") else self.path / "clew.db"

    @property
    def readonly(self) -> bool:
        """Whether this process can only read the workspace (a read-only copy of evidence)."""
        db = self.database
        return db is not None and not opening.writable(db)

    def store(
        self, operation: str | None = None, principal: Principal | None = None, *, create: bool = False
    ) -> SQLStore:
        """A store scoped to ``operation`` (default: the workspace's) for ``principal``; opened
        read-only when the workspace cannot be written. ``create`` creates the operation if
        missing (``clew operations create``, ``clew init``, the demo); otherwise an unknown
        operation is an error listing the known ones."""
        readonly = self.readonly
        url = opening.readonly_uri(self.database) if readonly and self.database else self.url
        if readonly and create:
            raise ReadOnlyWorkspace(
                "the workspace is read-only and this command writes to it", str(self.database)
            )
        engine = make_engine(url, readonly=readonly)
        try:
            return SQLStore(
                engine, operation or self.default_operation, principal or Principal.local(),
                self.checkpoints(), readonly=readonly, create=create, on_wait=self.on_wait,
            )  # fmt: skip
        except BaseException:
            engine.dispose()
            raise

    def create_operation(
        self, name: str, title: str | None = None, principal: Principal | None = None, audit: bool = True
    ) -> bool:
        """Create operation ``name`` (audited in it, unless it is the workspace's first, made with
        the workspace: its log starts empty); False if it existed already."""
        if not OPERATION_NAME.fullmatch(name):
            raise UserError(
                f"operation name {name!r}: use 1-64 letters, digits, '.', '_' or '-', starting with a "
                "letter or digit"
            )
        with self.store(name, principal, create=True) as store:
            if store.created and audit:
                store.audit(AuditAction.OPERATIONS_CREATE, name, {"title": title})
                if title:
                    store.set_title(title)
            return store.created

    def operations(self, principal: Principal | None = None) -> list[dict]:
        """The operations the principal may see: name, title, created_at, sources (count)."""
        with self.store(self.default_operation, principal) as store:
            return store.operations()


class _Made:
    """What :meth:`Workspace.init` created, so that a failure can take it back."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.created_folder = False
        self.files: list[Path] = []
        self.audit_existed = False

    def folder(self) -> None:
        self.audit_existed = (self.path / "audit").exists()
        if not self.path.exists():
            self.path.mkdir(parents=True, mode=0o700)
            self.created_folder = True
        os.chmod(self.path, 0o700)  # mkdir's mode is cut by the umask; chmod's is not

    def private_file(self, path: Path, text: str | None = None) -> None:
        """Create ``path`` 0600 (SQLite gives its -wal and -shm files the database's mode)."""
        if not path.exists():
            self.files.append(path)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
        try:
            os.fchmod(fd, 0o600)
            if text is not None:
                os.ftruncate(fd, 0)
                os.write(fd, text.encode("utf-8"))
                os.fsync(fd)
        finally:
            os.close(fd)

    def undo(self) -> None:
        if self.created_folder:  # all of it is this call's (the audit keys too)
            shutil.rmtree(self.path, ignore_errors=True)
            return
        for path in self.files:
            for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
                leftover.unlink(missing_ok=True)
        if not self.audit_existed:
            shutil.rmtree(self.path / "audit", ignore_errors=True)
