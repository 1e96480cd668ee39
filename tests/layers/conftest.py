"""Fixtures of the layers tests live in tests/conftest.py (shared with tataruang)."""
