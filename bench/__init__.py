"""Benchmarks: `make bench` (python -m bench) measures each figure against its goal and its floor,
prints a table, writes bench/results.json and refreshes the latest table in bench/RESULTS.md."""
