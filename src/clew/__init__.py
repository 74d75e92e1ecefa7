"""Clew: follow the thread out of the labyrinth.

An investigation platform for units that take apart online child-sexual-exploitation
networks. Data flows one way: ingest -> store -> analyses -> leads/reports -> interfaces.
"""

__version__ = "0.1.0"
