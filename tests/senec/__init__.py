"""Tests of the SENEC client package."""
