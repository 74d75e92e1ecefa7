"""The API's routes, one module per area; no logic, only calls to ``clew.service``."""
