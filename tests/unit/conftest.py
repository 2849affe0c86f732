"""Unit-test setup: the generated package ``annota_api`` is imported from ``gen/``.

When the project is installed (``packages = ["gen/annota_api", ...]``) the installed package is
used; otherwise ``gen/`` is put on ``sys.path`` so that the tests run on a plain checkout.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

GEN_DIR = Path(__file__).resolve().parents[2] / "gen"

if importlib.util.find_spec("annota_api") is None and str(GEN_DIR) not in sys.path:
    sys.path.insert(0, str(GEN_DIR))
