"""Missing translations fail here: every text key has both languages, and every key used exists; and
every key is used by some code (no dead texts)."""

import re
from pathlib import Path

from data_access.access import ROLES
from registry import BREAKDOWNS, FREQUENCIES, PROVENANCES, UNITS, load_registry
from ui.export import SIZES
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
        assert group.title_en


# Keys the code builds with an f-string: the prefix, where it is built and the values that can follow it
# (None: any value the code gives, e.g. the column names in ui.export). A key under one of these counts
# as used only with one of its values; every other key must stand in the code as a literal.
BUILT_KEYS = {
    "about.frequency.": FREQUENCIES,  # pages/views/om_data.py: the indicator's frequency
    "axis.": UNITS,  # ui/formatting.axis_title
    "unit.": UNITS,  # ui/export.export_table: the unit column
    "map.unit.": UNITS,  # ui/maps.map_unit_label
    "provenance.": PROVENANCES,  # ui/provenance.provenance_labels
    "tile.kind.": PROVENANCES,  # ui/tiles.provenance_caption
    "gap.total.": BREAKDOWNS,  # ui/provenance.gap_text
    "filters.breakdown.": BREAKDOWNS,  # ui/narrative.breakdowns_text: filters an indicator does not take
    "roles.name.": ROLES,  # ui/roles_admin: data_access.access.ROLES
    "export.size.": tuple(SIZES),  # ui/downloads.download_row: ui.export.SIZES
    "export.file.": tuple(SIZES),  # ui/export.ChartMeta.file_name: the size in a file's name
    "export.col.": None,  # ui/export.export_table: col("…") for each column
    "map.invalid.": None,  # ui/maps.boundary_note: the key of data_access.boundaries.BoundaryError
    # pages/views/om_data.py: each card's fields, named and explained
    "about.col.": ("code", "title", "definition", "frequency", "last_period", "fresh", "last_import", "mix", "source"),
    "about.explain.": ("code", "definition", "frequency", "last_period", "fresh", "last_import", "mix", "source"),
}


def _product_code() -> str:
    """Every Python file of the app (not the tests, not the texts themselves)."""
    paths = [*ROOT.glob("ui/*.py"), *ROOT.glob("pages/**/*.py"), *ROOT.glob("metrics/*.py"),
             *ROOT.glob("data_access/*.py"), ROOT / "dashboard.py"]
    return "\n".join(path.read_text() for path in paths if path.name != "i18n.py" or path.parent.name != "ui")


def test_every_key_built_by_an_f_string_is_on_the_list_and_the_list_is_still_built():
    built = set(re.findall(r"""f["']([a-z_.]+\.)\{""", _product_code()))
    assert built == set(BUILT_KEYS), (sorted(built - set(BUILT_KEYS)), sorted(set(BUILT_KEYS) - built))


def test_every_text_key_is_used_by_the_code():
    literals = set(re.findall(r"""["']([a-z_][a-z_0-9.]*)["']""", _product_code()))

    def used(key: str) -> bool:
        if key in literals:
            return True
        for prefix, values in BUILT_KEYS.items():
            if key.startswith(prefix) and (values is None or key[len(prefix):] in values):
                return True
        return False

    unused = sorted(key for key in TEXTS if not used(key))
    assert not unused, f"text keys no code uses (delete them, or add the f-string's prefix to BUILT_KEYS): {unused}"
