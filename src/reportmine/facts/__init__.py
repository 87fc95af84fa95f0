"""Fact stages: quantities, periods, metrics, projects, problems, plans."""
