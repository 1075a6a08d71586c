"""Errors of the SENEC client; messages never name the host (it is private)."""

from __future__ import annotations


class SenecError(Exception):
    """Any failure talking to a SENEC unit."""


class SenecConnectionError(SenecError):
    """The unit could not be reached, or the connection broke."""


class SenecTimeoutError(SenecConnectionError):
    """The unit did not answer in time."""


class SenecInvalidAnswerError(SenecError):
    """The unit answered, but not with lala.cgi JSON."""


class SenecSessionError(SenecInvalidAnswerError):
    """The unit refused the session cookie (it rebooted or the session expired)."""
