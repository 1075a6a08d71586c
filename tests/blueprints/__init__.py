"""Tests of the blueprints under blueprints/automation/senec_zappi."""
