"""Text from outside (a URL's parameters, an e-mail from a login) made safe to show in Markdown.

Pure: no Streamlit, so the URL parsing (ui.url_filters) and the pages share it.
"""

from __future__ import annotations

import unicodedata

# Every ASCII punctuation character that Markdown can read as syntax: CommonMark and GFM (links, images,
# emphasis, code, HTML, entities, headings, lists, tables, strikethrough, autolinks such as www.x.dk,
# https://x.dk and a@b.dk) and Streamlit's own (:red[…], :material/…:, $math$). CommonMark lets a
# backslash escape any of them, so the text shows as written.
_MARKDOWN_SPECIAL = frozenset("\\`*_{}[]()<>#+-.!|~:$&=^@/")
# Characters that reorder or hide the text around them (bidirectional controls).
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def escape_markdown(text: object) -> str:
    """Text from outside (e.g. a URL parameter) made safe for st.markdown, st.caption, st.info …:
    Markdown's special characters are escaped with a backslash, so it shows as written and can never
    become a link, an image, HTML, code or formatting; a line break, TAB or other control character is
    shown as its visible symbol (␊, ␉, …), so the text stays on one line and in one paragraph."""
    out = []
    for ch in str(text):
        if ch in _MARKDOWN_SPECIAL:
            out.append("\\" + ch)
        elif ch < " ":
            out.append(chr(0x2400 + ord(ch)))  # the Control Pictures block: ␀ … ␟
        elif ch == "\x7f":
            out.append("\u2421")  # ␡
        elif ch in _BIDI or unicodedata.category(ch) in ("Cc", "Zl", "Zp"):
            out.append("\ufffd")
        else:
            out.append(ch)
    return "".join(out)
