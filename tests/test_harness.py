"""The suite's own guards work: a deprecation report fails the test."""

from __future__ import annotations

import logging

from .conftest import ReportCollector


def test_deprecation_report_is_collected(
    deprecation_reports: ReportCollector,
) -> None:
    """What Home Assistant's frame helper logs is seen; other warnings are not."""
    frame = logging.getLogger("homeassistant.helpers.frame")
    frame.warning("Some other warning")
    frame.warning(
        "Detected that custom integration 'senec_zappi' calls a deprecated "
        "function. This will stop working in Home Assistant 2099.1"
    )
    assert len(deprecation_reports.reports) == 1
    assert "senec_zappi" in deprecation_reports.reports[0]
    deprecation_reports.reports.clear()  # the fixture would fail this test
