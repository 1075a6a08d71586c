"""The e2e tests run real processes; they only need the e2e marker here."""

from __future__ import annotations

import pytest


def pytest_configure(config: pytest.Config) -> None:
    """Register the marker (pyproject.toml stays untouched)."""
    config.addinivalue_line(
        "markers", "e2e: starts a real Home Assistant and the simulator (slow)"
    )
