"""Missing translations fail here: every text key has both languages, and every key used exists."""

import re
from pathlib import Path

from registry import load_registry
from ui.i18n import LANGS, TEXTS

ROOT = Path(__file__).resolve().parents[2]


def test_every_text_has_every_language_and_the_same_placeholders():
    for key, texts in TEXTS.items():
        assert set(texts) == set(LANGS), key
        placeholders = {lang: set(re.findall(r"{(\w+)}", text)) for lang, text in texts.items()}
        assert placeholders["da"] == placeholders["en"], key
        assert all(text.strip() for text in texts.values()), key


def test_every_key_used_in_the_code_exists():
    used = set()
    for path in [*ROOT.glob("ui/*.py"), *ROOT.glob("pages/**/*.py"), ROOT / "dashboard.py"]:
        used |= set(re.findall(r"""\bt\(\s*["']([a-z_.0-9]+)["']""", path.read_text()))
        for prefix in re.findall(r"""\bt\(\s*f["']([a-z_.]+)\{""", path.read_text()):
            assert any(k.startswith(prefix) for k in TEXTS), prefix
    missing = sorted(used - set(TEXTS))
    assert not missing, missing


def test_registry_has_english_for_every_title_and_definition():
    reg = load_registry()
    for ind in reg.indicators:
        assert ind.title_en and ind.short_en and ind.definition_en, ind.code
        assert ind.title_en != ind.title_da, ind.code
    for group in reg.groups:
        assert group.title_en and group.title_en != group.title_da
    for group in reg.target_groups:
        assert group.name_en
