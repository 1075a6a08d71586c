"""Tests for the senec_zappi integration."""
