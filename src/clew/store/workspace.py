"""A workspace: a folder holding one embedded database and its settings.

``clew --workspace DIR`` (or ``CLEW_WORKSPACE``; default ``./clew-workspace``) names it.
``workspace.json`` records the default operation and, for a server deployment, the
database URL (PostgreSQL); without one the store is ``DIR/clew.db`` (SQLite).
"""

from __future__ import annotations

import hashlib
import json
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

from clew.errors import WorkspaceError
from clew.model.statement import utcnow
from clew.store.base import Principal
from clew.store.checkpoint import CheckpointLog
from clew.store.sql import SQLStore, make_engine

SETTINGS = "workspace.json"
DEFAULT_OPERATION = "default"


def default_path() -> Path:
    """The workspace folder when ``--workspace`` is not given: ``CLEW_WORKSPACE`` or ``./clew-workspace``."""
    return Path(os.environ.get("CLEW_WORKSPACE", "clew-workspace"))


@dataclass
class Workspace:
    """A workspace folder and its settings (``workspace.json``); :meth:`store` opens a store."""

    path: Path
    settings: dict

    @classmethod
    def init(cls, path: Path, operation: str = DEFAULT_OPERATION, url: str | None = None) -> Workspace:
        """Create the folder and settings if missing; an existing workspace is left as it is."""
        path = Path(path)
        settings_file = path / SETTINGS
        if settings_file.exists():
            return cls.open(path)
        path.mkdir(parents=True, exist_ok=True)
        settings = {"default_operation": operation, "created_at": utcnow(), "id": uuid.uuid4().hex[:16]}
        if url:
            settings["database_url"] = url
        settings_file.write_text(json.dumps(settings, indent=2) + "\n", encoding="utf-8")
        workspace = cls(path, settings)
        workspace.store(operation).close()  # creates the schema
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

    def store(self, operation: str | None = None, principal: Principal | None = None) -> SQLStore:
        """A store scoped to ``operation`` (default: the workspace's) for ``principal``."""
        return SQLStore(
            make_engine(self.url),
            operation or self.default_operation,
            principal or Principal.local(),
            self.checkpoints(),
        )
