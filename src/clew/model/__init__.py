"""The data model: FtM entities whose every value is a statement with provenance."""

from clew.model.entity import Record
from clew.model.statement import CLEW_PREFIX, Statement, utcnow

__all__ = ["CLEW_PREFIX", "Record", "Statement", "utcnow"]
