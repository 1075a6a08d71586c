"""Simulated SENEC V3 and myenergi cloud for the demo, the e2e test and benchmarks."""
