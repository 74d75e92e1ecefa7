"""The service layer: typed queries that every interface (CLI, REST API, web app) calls.

Interfaces hold no logic; they call these functions with a ``Store`` already scoped to one
operation for one principal, so need-to-know is enforced inside the store's queries and every
read is audited through ``Store.audit``.
"""
