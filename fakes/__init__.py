"""Loopback test doubles shared by the tests and the benchmarks.

A fake Slack Web API, a fake web of feeds and pages, signed Slack requests and small
newsroom fixtures. They live beside ``bot/`` (never inside it) so that ``tests/`` and
``bench/`` may both import them; ``bot`` itself never does (the import-linter contract says so).
"""
