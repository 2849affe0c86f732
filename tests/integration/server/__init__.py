"""Server test suites (run once per database backend)."""
