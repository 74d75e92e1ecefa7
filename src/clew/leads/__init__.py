"""Leads: what to act on first (``priority``) and the stable exports (``export``)."""
