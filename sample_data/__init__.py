"""Invented, deterministic sample data (provenance "sample") so the dashboard runs without real data."""
