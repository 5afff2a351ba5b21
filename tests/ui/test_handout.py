"""The committee handout opens, has a cover, one page per vision and the goals page."""

import io

import pypdf
import pytest

from metrics.status import assess, count_right_way
from registry import load_registry
from ui import loaders
from ui.assemble import handout_pdf
from ui.url_filters import Filters


@pytest.fixture(scope="module")
def pages():
    pdf = handout_pdf(Filters(2014, 2025), "da")
    assert pdf.startswith(b"%PDF")
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def test_cover_counts_the_signs_moving_the_right_way(pages):
    reg = load_registry()
    right = count_right_way(assess(loaders.series(i, Filters(2014, 2025)), i) for i in reg.signs())
    assert f"{right} af 15 tegn bevæger sig i den ønskede retning" in pages[0]
    assert "Data opdateret" in pages[0]


def test_one_page_per_vision_then_the_goals(pages):
    reg = load_registry()
    assert len(pages) == 1 + len(reg.visions()) + 1
    for page, vision in zip(pages[1:5], reg.visions()):
        assert vision.title_da in page
        for ind in reg.indicators_in(vision.code):
            assert ind.title_da[:40] in " ".join(page.split())
        assert "Kilde:" in page
    assert "Socialpolitiske pejlemærker" in pages[5] and "Intet numerisk mål" in pages[5]


def test_every_page_says_sample_data(pages):
    assert all("EKSEMPELDATA — IKKE VIRKELIGE TAL" in page for page in pages)


def test_english_handout():
    pdf = handout_pdf(Filters(2014, 2025), "en")
    text = pypdf.PdfReader(io.BytesIO(pdf)).pages[1].extract_text()
    assert "A dignified life" in text and "SAMPLE DATA" in text


def test_a_units_page_is_one_page_with_its_name_and_one_sentence_per_sign():
    from datetime import date

    from metrics.units import UnitStanding
    from ui.handout import UnitHandout, UnitRow, build_unit_handout

    rows = [UnitRow(f"Tegn {i}", UnitStanding(2025, 36.0, 39.0, 40.5, 2026, 35.0, False),
                    f"Enhed Nord: 36,0 % i 2025 (sætning {i}).", "pct") for i in range(9)]
    pdf = build_unit_handout(UnitHandout(lang="da", unit="Borgercenter Voksne – Enhed Nord", data_date=date(2026, 11, 1),
                                         period="2014–2025", sample=True, rows=rows))
    pages = [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]
    assert len(pages) == 1
    text = " ".join(pages[0].split())
    assert "Min enhed: Borgercenter Voksne – Enhed Nord" in text
    assert all(f"(sætning {i})" in text for i in range(9))
    assert "EKSEMPELDATA" in text and "01.11.2026" in text
