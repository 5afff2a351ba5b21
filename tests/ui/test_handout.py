"""The committee handout opens, has a cover, one page per vision and the goals page."""

import io

import pypdf
import pytest

from metrics.status import assess, count_right_way
from registry import load_registry
from ui import loaders
from ui.assemble import handout_pdf
from ui.filters import Filters


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
