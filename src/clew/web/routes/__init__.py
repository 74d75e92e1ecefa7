"""The web app's routers: log-in and context (``session``), the pages of case data."""
