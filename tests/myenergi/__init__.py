"""Tests of the myenergi client package."""
