"""The REST API of ``clew serve`` (issue 13): FastAPI over the service layer.

``app.create_app`` builds the application; ``deps`` turns a request into an authenticated
``Identity`` and a ``Store`` scoped to one operation; ``routes`` hold no logic, they call
``clew.service``. ``serve`` runs it with uvicorn on loopback (or with TLS).
"""
