"""Lead packages built from the sender's options and written to files (``clew leads build``,
``clew leads export``).

The server's way is :mod:`clew.service.leads` (the operation's own partner directory, formats
handed out as downloads); the CLI also takes a directory file, writes every format under a
folder and reports the envelopes' warnings, which the analyst must read before approving. Both
end in ``clew.leads.build``: what a package holds does not depend on the interface. Audited
there (``leads.build``, ``leads.export``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from clew.leads import directory, register
from clew.leads.build import build, write
from clew.leads.evaluation import Grade
from clew.service.base import Result
from clew.service.leads import Built, sender
from clew.store.base import Store


@dataclass(frozen=True)
class Kept(Result):
    """An approved or released package the rebuild would not change: kept, no new version."""

    package_id: str
    version: int
    state: str


@dataclass(frozen=True)
class Written(Result):
    packages: tuple[Built, ...]  # built or rebuilt as drafts
    unchanged: tuple[Kept, ...]
    files: tuple[str, ...]  # every format of every package, when asked to write them
    no_subjects: tuple[str, ...]  # countries asked for with no subject at this priority
    warnings: tuple[str, ...]  # the envelopes' warnings, each once, sorted


def build_packages(
    store: Store,
    workspace: Path,
    *,
    countries: Iterable[str] | None,
    min_priority: float = 0.0,
    out: Path | None = None,
    unit: str | None = None,
    contact: str | None = None,
    case_refs: tuple[str, ...] = (),
    tlp: str,
    restrictions: tuple[str, ...] = (),
    directory_file: Path | None = None,
    grades: dict[str, Grade] | None = None,
) -> Written:
    """Build (or rebuild the drafts of) the packages of ``countries`` (every country when None),
    with the partner directory of ``directory_file`` (default: the operation's, else the shipped
    one); unit and contact default to ``Sender``'s placeholders; with ``out``, every format is
    written to ``out/<COUNTRY>/``."""
    found = (
        directory.load(directory_file)
        if directory_file
        else directory.for_operation(workspace, store.operation)
    )
    result = build(
        store,
        workspace,
        found,
        countries={c.upper() for c in countries or ()} or None,
        min_priority=min_priority,
        sender=sender(unit, contact, case_refs, tlp=tlp, restrictions=restrictions),
        out=out,
        grades=grades,
    )
    return Written(
        packages=tuple(
            Built(p.package_id, p.version, p.country, p.agency, len(p.subjects), p.sha256)
            for p in result.packages
        ),
        unchanged=tuple(Kept(e.package_id, e.version, e.state) for e in result.unchanged),
        files=tuple(str(f) for f in result.files),
        no_subjects=tuple(result.skipped),
        warnings=tuple(sorted({w for p in result.packages for w in p.document["envelope"]["warnings"]})),
    )


def write_package(store: Store, package_id: str, version: int | None, out: Path) -> list[Path]:
    """Every format of a stored package (the latest version by default) to ``out/<COUNTRY>/``."""
    return write(store, register.document(store, package_id, version), out)
