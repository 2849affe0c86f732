"""Run the command line interface: ``python -m annota_server``."""

from annota_server.cli import main

raise SystemExit(main())
