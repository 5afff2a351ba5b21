"""Text from outside shown in Markdown (ui.escaping.escape_markdown) shows as written and can never
become a link, an image, HTML, code, a heading or a second paragraph."""

from __future__ import annotations

import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ui.escaping import escape_markdown

PUNCTUATION = set(string.punctuation)
# Characters that never start Markdown syntax and are left as they are, for readability.
PLAIN_PUNCTUATION = set("'\",;?%")


def _unescape(text: str) -> str:
    """What CommonMark shows for `text`, if it is only backslash escapes and plain characters."""
    out, i = [], 0
    while i < len(text):
        if text[i] == "\\":
            assert i + 1 < len(text) and text[i + 1] in PUNCTUATION, f"a lone backslash at {i}: {text!r}"
            out.append(text[i + 1])
            i += 2
        else:
            assert text[i] not in PUNCTUATION - PLAIN_PUNCTUATION, f"unescaped {text[i]!r} at {i}: {text!r}"
            out.append(text[i])
            i += 1
    return "".join(out)


@pytest.mark.parametrize(
    "hostile, escaped",
    [
        ("[Klik her](https://example.org)", r"\[Klik her\]\(https\:\/\/example\.org\)"),
        ("![x](https://example.org/x.png)", r"\!\[x\]\(https\:\/\/example\.org\/x\.png\)"),
        ("<script>alert(1)</script>", r"\<script\>alert\(1\)\<\/script\>"),
        ("`kode` ``mere``", r"\`kode\` \`\`mere\`\`"),
        ("**fed** _kursiv_ ~~streg~~", r"\*\*fed\*\* \_kursiv\_ \~\~streg\~\~"),
        ("linje 1\n# Overskrift\r\n- punkt", r"linje 1␊\# Overskrift␍␊\- punkt"),
        (":red[rød] :material/home: $x^2$", r"\:red\[rød\] \:material\/home\: \$x\^2\$"),
        ("www.example.org a@b.dk", r"www\.example\.org a\@b\.dk"),
        ("&lt;b&gt; \\[", r"\&lt;b\&gt; \\\["),
        ("Nørrebro 2200", "Nørrebro 2200"),
        ("tab\there\x00nul\u202eomvendt", "tab␉here␀nul\ufffdomvendt"),
    ],
)
def test_hostile_text_is_escaped(hostile, escaped):
    assert escape_markdown(hostile) == escaped


@given(st.text(max_size=60))
def test_any_text_is_only_escapes_and_plain_characters_on_one_line(text):
    escaped = escape_markdown(text)
    assert "\n" not in escaped and "\r" not in escaped
    shown = _unescape(escaped)
    assert len(shown) == len(text)  # one visible character for each character of the text
    for original, visible in zip(text, shown, strict=True):
        assert visible == original or ord(original) < 0x20 or ord(original) == 0x7f or visible == "\ufffd"
