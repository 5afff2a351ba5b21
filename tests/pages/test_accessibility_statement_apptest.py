"""The accessibility statement (pages/views/tilgaengelighed.py) in both languages: what conforms, what does
not yet with Streamlit's upstream issue, whom to tell, and the date of the review."""

from __future__ import annotations

import pytest

from tests.pages.apptest_helpers import new_app, show
from ui.navigation import ACCESSIBILITY

UPSTREAM = "https://github.com/streamlit/streamlit/issues/8399"


@pytest.mark.parametrize(("lang", "title", "fixed", "date"), [
    ("da", "Tilgængelighedserklæring", "kontrast på mindst 4,5:1", "30.11.2026"),
    ("en", "Accessibility statement", "contrast of at least 4.5:1", "30 November 2026"),
])
def test_the_statement_says_what_is_fixed_what_is_not_and_when(lang, title, fixed, date):
    at = show(new_app(**({"lang": "en"} if lang == "en" else {})), ACCESSIBILITY)
    assert at.title[0].value == title
    text = "\n".join(m.value for m in at.markdown)
    assert fixed in text
    assert "axe-core" in text
    assert f"[streamlit/streamlit#8399]({UPSTREAM})" in text  # the frame's list markup, with its issue
    assert ("Fokusmarkeringen" if lang == "da" else "The focus mark") not in text  # fixed, no longer listed
    assert any(date in c.value for c in at.main.caption)
