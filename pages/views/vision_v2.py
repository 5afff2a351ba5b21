"""Vision 2 of the social strategy: its signs of success as trend charts."""

from pages.views.vision import show

show("V2")
