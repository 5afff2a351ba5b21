"""Indicator arithmetic in pure polars: aggregation, uncertainty, suppression, status and goal progress."""
