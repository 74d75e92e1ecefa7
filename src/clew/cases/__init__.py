"""Cases: what partners did with the leads (``outcomes``) and the operation's tallies (``stats``)."""
