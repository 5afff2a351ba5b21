"""Vision 4 of the social strategy: its signs of success as trend charts."""

from pages.views.vision import show

show("V4")
