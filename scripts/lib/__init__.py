"""Helpers of the scripts (Python parts of scripts/demo)."""
