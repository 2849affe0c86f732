"""``python -m annota.cli``: the same as the ``annota`` command."""

import sys

from annota.cli import main

sys.exit(main())
