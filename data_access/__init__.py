"""Data access: the only package that talks SQL. Functions take plain filters, return polars frames."""
