"""A URL's text never reaches Markdown unescaped: the notice about an ignored parameter repeats the
value as written, never as a link, an image or formatting (AppTest, on the sample database)."""

from __future__ import annotations

import re

import pytest

from tests.pages.apptest_helpers import new_app, show
from ui.navigation import DISTRICTS

# A Markdown link or image whose brackets and parenthesis are not escaped: [text](url), ![alt](url).
WORKING_LINK = re.compile(r"(?<!\\)\[[^\]]*(?<!\\)\]\s*(?<!\\)\(")


def _notices(captions) -> list[str]:
    return [c.value for c in captions if "ignoreret" in c.value]


@pytest.mark.parametrize(
    "param, value, escaped",
    [
        ("bydel", "[Klik her](https://example.org)", r"'bydel=\[Klik her\]\(https\:\/\/example\.org\)' blev ignoreret"),
        ("enhed", "![x](https://example.org/x.png)",
         r"'enhed=\!\[x\]\(https\:\/\/example\.org\/x\.png\)' blev ignoreret"),
        ("maalgruppe", "<img src=https://example.org/x.png>", r"'maalgruppe=\<img src\=https\:\/\/example\.org\/x\.png\>'"),
        ("fra", "x\n\n# [Overskrift](https://example.org)", r"'fra=x␊␊\# \[Overskrift\]\(https\:\/\/example\.org\)'"),
        ("pr", "`](https://example.org)`", r"'pr=\`\]\(https\:\/\/example\.org\)\`'"),
    ],
)
def test_an_ignored_filter_value_is_shown_escaped(param, value, escaped):
    at = new_app(**{param: value})
    assert not at.exception
    notices = _notices(at.sidebar.caption)
    assert len(notices) == 1, notices
    assert escaped in notices[0]
    assert not WORKING_LINK.search(notices[0]) and "](" not in notices[0]
    assert "\n" not in notices[0] and "<" not in notices[0].replace("\\<", "")


def test_an_ignored_page_value_is_shown_escaped():
    at = show(new_app(indikator="![x](https://example.org/x.png)"), DISTRICTS)
    notices = _notices(at.caption)
    assert notices == [r"ℹ️ 'indikator=\!\[x\]\(https\:\/\/example\.org\/x\.png\)' blev ignoreret (ukendt værdi)."]
    assert not WORKING_LINK.search(notices[0])
