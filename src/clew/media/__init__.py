"""Hash-only media matching (issue 5).

File bytes are read only to hash them: nothing of a file's content is stored, copied or
shown. ``pdq`` prepares images and computes PDQ (via ``pdqhash``), ``hashing`` walks folders
and zips, ``hashlist`` imports known / known-good lists, ``index`` is the exact PDQ index,
``match`` links matches to subjects, ``pipeline.run`` is the analysis step.
"""

MODES = ("reference", "fullres")
"""PDQ image modes (``clew.media.pdq``); declared here so the CLI names them without loading numpy."""

HASHLIST_KINDS = ("known", "known-good")
"""Kinds of hash list (``clew.media.hashlist``): known material to match, known-good files to
exclude; declared here so the CLI names them without loading the list importer."""
