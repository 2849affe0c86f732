"""annota's benchmark harness: `python -m bench [NAME ...]` writes bench/RESULTS.md."""
