"""The committee handout: a PDF with a cover, one page per vision (charts, sentences, sources), and the goals.

Charts are drawn by vl-convert exactly as the PNG downloads; the PDF is laid out with fpdf2.
No Streamlit here: the Forside offers it as a download.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from typing import Protocol

import altair as alt
from fpdf import FPDF

from metrics.units import UnitStanding
from ui.export import FONT, FONT_DIR, to_png
from ui.formatting import date_text, locale_for
from ui.i18n import t
from ui.vega_locale import vega_locale

_FONT_DIR = FONT_DIR  # the files' font (ui.export) in the PDF too
_MARGIN = 14


@dataclass(frozen=True)
class SignPage:
    title: str
    chart: alt.TopLevelMixin  # unconfigured, as built by ui.charts
    sentence: str
    source: str


@dataclass(frozen=True)
class Handout:
    lang: str
    heading: str
    count_line: str
    data_date: date | None
    filters: str
    sample: bool
    pinned: date | None
    visions: list[tuple[str, list[SignPage]]]
    goals_heading: str
    goals: list[tuple[str, str]]  # (title, one line: baseline → latest, target, status)


class _Printed(Protocol):
    """What the page frame reads from a handout."""

    @property
    def lang(self) -> str: ...
    @property
    def sample(self) -> bool: ...
    @property
    def heading(self) -> str: ...


class _PDF(FPDF):
    def __init__(self, handout: _Printed):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.handout = handout
        self.add_font("body", "", str(_FONT_DIR / "SourceSansPro-Regular.ttf"))
        self.add_font("body", "B", str(_FONT_DIR / "SourceSansPro-Bold.ttf"))
        self.set_margins(_MARGIN, _MARGIN, _MARGIN)
        self.set_auto_page_break(True, margin=_MARGIN + 4)

    def font(self, size: float, bold: bool = False) -> None:
        self.set_font("body", "B" if bold else "", size)

    def header(self) -> None:
        if not self.handout.sample:
            return
        self.font(9, bold=True)
        self.set_text_color(179, 0, 0)
        self.cell(0, 5, t("sample.mark", self.handout.lang).upper(), new_x="LMARGIN", new_y="NEXT")
        with self.local_context(fill_opacity=0.12, text_color=(179, 0, 0)):
            self.font(60, bold=True)
            with self.rotation(angle=35, x=105, y=150):
                self.text(38, 170, t("sample.stamp", self.handout.lang))
        self.set_text_color(0, 0, 0)

    def footer(self) -> None:
        self.set_y(-12)
        self.font(8)
        self.set_text_color(90, 90, 90)
        self.cell(0, 5, f"{self.handout.heading} · {self.page_no()}", align="R")
        self.set_text_color(0, 0, 0)

    def para(self, text: str, size: float = 10, bold: bool = False, gap: float = 1.5) -> None:
        self.font(size, bold)
        self.multi_cell(0, size * 0.45, text, new_x="LMARGIN", new_y="NEXT", align="L")
        self.ln(gap)


def _chart_png(chart: alt.TopLevelMixin, lang: str, width_px: int, height_px: int) -> bytes:
    spec = chart.properties(width=width_px, height=height_px).configure(locale=vega_locale(lang), font=FONT).to_dict()
    return to_png(spec, scale=2)


def build_handout(handout: Handout) -> bytes:
    """The PDF as bytes."""
    lang = handout.lang
    pdf = _PDF(handout)
    pdf.set_title(handout.heading)
    # Cover
    pdf.add_page()
    pdf.ln(40)
    pdf.para(handout.heading, 26, bold=True, gap=6)
    pdf.para(handout.count_line, 18, bold=True, gap=8)
    if handout.data_date:
        pdf.para(t("data.updated", lang, date=date_text(handout.data_date, locale=locale_for(lang))), 12)
    if handout.pinned:
        pdf.para(t("data.pinned", lang, date=date_text(handout.pinned, locale=locale_for(lang))), 12, bold=True)
    pdf.para(t("export.filters", lang, filters=handout.filters), 12)
    # One page per vision: the charts share the page's height.
    usable = 297 - 2 * _MARGIN - 28
    for title, signs in handout.visions:
        pdf.add_page()
        pdf.para(title, 18, bold=True, gap=3)
        per_sign = usable / max(len(signs), 1)
        chart_h = max(per_sign - 17, 22)
        for sign in signs:
            pdf.para(sign.title, 9.5, bold=True, gap=0.5)
            png = _chart_png(sign.chart, lang, 760, int(760 * chart_h / 182))
            pdf.image(io.BytesIO(png), w=182, h=chart_h)
            pdf.para(f"{sign.sentence} {t('note.source', lang, source=sign.source)}", 8, gap=1.5)
    # The goals
    pdf.add_page()
    pdf.para(handout.goals_heading, 18, bold=True, gap=3)
    for number, (title, line) in enumerate(handout.goals, start=1):
        pdf.para(f"{number}. {title}", 10, bold=True, gap=0.5)
        pdf.para(line, 9, gap=2.5)
    return bytes(pdf.output())


@dataclass(frozen=True)
class UnitRow:
    title: str
    standing: UnitStanding
    sentence: str
    unit: str  # the indicator's unit (pct, days, …)


@dataclass(frozen=True)
class UnitHandout:
    """One page for a unit's own meeting: where the unit stands on each sign measured by unit."""

    lang: str
    unit: str
    data_date: date | None
    period: str
    sample: bool
    rows: list[UnitRow]

    @property
    def heading(self) -> str:
        return f"{t('page.my_unit', self.lang)}: {self.unit}"


def build_unit_handout(handout: UnitHandout) -> bytes:
    """The unit's one-page PDF as bytes: heading, date and period, then one sentence per sign."""
    lang = handout.lang
    pdf = _PDF(handout)
    pdf.set_title(handout.heading)
    pdf.add_page()
    pdf.para(handout.heading, 18, bold=True, gap=2)
    line = t("export.filters", lang, filters=handout.period)
    if handout.data_date:
        line += " · " + t("data.updated", lang, date=date_text(handout.data_date, locale=locale_for(lang)))
    pdf.para(line, 9, gap=4)
    size = 9.5 if len(handout.rows) <= 10 else 8  # one page, however many signs are measured by unit
    for row in handout.rows:
        pdf.para(row.title, size, bold=True, gap=0.3)
        pdf.para(row.sentence, size - 0.5, gap=2.2)
    return bytes(pdf.output())
