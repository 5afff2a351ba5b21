"""Presentation: shared builders of charts, tiles, filters and notices. Pages compose these."""
