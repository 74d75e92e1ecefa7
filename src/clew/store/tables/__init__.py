"""Every table Clew stores, declared as data on one ``MetaData``.

Each capability has its own module here so that its tables are declared in one place;
every table has an ``operation`` column and the store scopes every query by it.
Migrations (``clew.store.migrations``) say which version introduced which table.
"""

from clew.store.tables import (  # noqa: F401  (registers tables)
    access,
    core,
    leads,
    media,
    money,
    network,
    resolve,
    search,
)
from clew.store.tables.base import metadata

__all__ = ["metadata"]
