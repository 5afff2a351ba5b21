"""Words for where a figure comes from and why one is missing.

Every point carries its provenance (published, internal, sample; metrics.aggregate.finalize) and,
where it is a gap, the reason (metrics.levels). This module turns both into text for the screen
and files.
"""

from __future__ import annotations

import polars as pl

from registry import PROVENANCES
from ui.formatting import locale_for, value_text
from ui.i18n import t
from ui.narrative import and_list


def provenance_labels(lang: str = "da") -> dict[str, str]:
    """published/internal/sample -> the word shown on screen and in files."""
    return {name: t(f"provenance.{name}", lang) for name in PROVENANCES}


def gap_text(gap: str | None, coarser: str | None, lang: str = "da") -> str:
    """Why a point is missing: only a coarser total exists, or shares cannot be added up."""
    if gap == "coarser" and coarser:
        what = and_list((t(f"gap.total.{b}", lang) for b in coarser.split(",")), lang)
        return t("gap.coarser", lang, what=what)
    if gap == "not_additive":
        return t("gap.not_additive", lang)
    return ""


def gap_column(frame: pl.DataFrame, lang: str = "da") -> pl.Series:
    """The reason text per row (null where the row has a figure or no reason)."""
    if "gap" not in frame.columns:
        return pl.Series([None] * frame.height, dtype=pl.Utf8)
    texts = [gap_text(g, c, lang) for g, c in zip(frame["gap"].to_list(), frame["coarser"].to_list(), strict=True)]
    return pl.Series([text or None for text in texts], dtype=pl.Utf8)


def gap_reasons(frame: pl.DataFrame, lang: str = "da") -> list[str]:
    """The distinct reasons why rows of `frame` have no figure, in words, sorted (e.g. a map's districts)."""
    return sorted({text for text in gap_column(frame, lang).to_list() if text})


def inner_gaps(values: list, years: list | None = None) -> list:
    """The years (or, without `years`, the positions) with no value between the first and the last value:
    where the sparkline breaks. Missing years before the first or after the last value break nothing."""
    known = [i for i, v in enumerate(values) if v is not None]
    if len(known) < 2:
        return []
    labels = years if years is not None else list(range(len(values)))
    return [labels[i] for i in range(known[0], known[-1]) if values[i] is None]


def gap_notes(series: pl.DataFrame, lang: str = "da", *, period_col: str = "year") -> list[str]:
    """One sentence per reason, with the periods it applies to: "Kun opgjort for hele byen: 2018, 2019.";
    and a year with no figure at all inside the line, in the words of the overview's tiles ("Kurven er
    afbrudt: ingen tal for 2020."). Hidden years are said by the page's own note."""
    if "gap" not in series.columns:
        return []
    broken = []
    if "value" in series.columns:
        hidden = pl.col("suppressed") if "suppressed" in series.columns else pl.lit(False)
        no_figure = (pl.col("value").is_null() & ~hidden & pl.col("gap").is_null()).alias("no_figure")
        broken = inner_gaps([None if missing else True for missing in series.select(no_figure)["no_figure"]],
                            series[period_col].to_list())
    rows = series.filter(pl.col("gap").is_not_null())
    notes: dict[str, list[str]] = {}
    for period, gap, coarser in rows.select(period_col, "gap", "coarser").iter_rows():
        reason = gap_text(gap, coarser, lang)
        if reason:
            notes.setdefault(reason, []).append(str(period))
    said = [t("note.gaps", lang, reason=reason, years=", ".join(periods)) for reason, periods in notes.items()]
    return said + ([t("tile.spark_gap", lang, years=", ".join(str(p) for p in broken))] if broken else [])


def has_sample(frame: pl.DataFrame) -> bool:
    return bool((frame["provenance"] == "sample").any()) if "provenance" in frame.columns else False


def share_text(share: float, lang: str = "da") -> str:
    """"37,0 %", or "under 1 %" / "over 99 %" so that a little sample is never rounded away."""
    pct = share * 100
    if 0 < pct < 1:
        return t("share.under1", lang)
    if 99 < pct < 100:
        return t("share.over99", lang)
    return value_text(pct, "pct", locale=locale_for(lang))


def missing_text(row: dict, lang: str = "da") -> str | None:
    """Why a district or period shows no number: hidden to protect persons, or a gap with its reason."""
    if row.get("suppressed"):
        return t("map.suppressed", lang)
    return gap_text(row.get("gap"), row.get("coarser"), lang) or None
