"""The demo operation: a synthetic case (sources in the documented formats + ground truth).

``generate`` writes the files, ``run.run_demo`` ingests and analyses them, ``truth.load``
reads the ground truth back for ``clew evaluate``. All names, numbers, accounts and hashes
are synthetic.
"""

from clew.demo.generate import Generated, generate
from clew.evaluation.truth import Truth, load

__all__ = ["Generated", "Truth", "generate", "load"]
