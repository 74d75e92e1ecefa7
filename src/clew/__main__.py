"""``python -m clew``: the same as the ``clew`` script."""

import sys

from clew.cli.main import main

sys.exit(main())
