"""Figure 2, the app: server-side run time of each page through Streamlit's AppTest.

Run in its own process per database (the caller sets DATABASE_URL), so caches and engines of one
database never serve another:

    DATABASE_URL=sqlite:////tmp/socialstrategi-bench/large-5m.sqlite python -m bench.app_pages --out x.json

Each figure is one page run in a fresh AppTest session (the session first runs the default page,
untimed, then `switch_page` + the timed run), the median of `--repeats` runs:

* first - every st.cache_* cleared (the first view after a start or a data change: includes the
          frame's one-time reads, e.g. the year range and the provenance count over the whole table);
* cold  - only the views' caches cleared (`loaders`: level sums, series, assessments, chart specs; the
          suppression pattern per data version stays): the first view of this page with these
          filters, in a server that has served other pages;
* warm  - nothing cleared (the same page and filters seen before).

The reference is bench/reference_page.py run the same way, with one Altair chart of as many data
points as the page's charts and sparklines hold together (counted from the page's own elements).
"""

from __future__ import annotations

import argparse
import json
import logging
import statistics
import time
from pathlib import Path

from bench.common import ROOT

DASHBOARD = str(ROOT / "dashboard.py")
REFERENCE = str(ROOT / "bench" / "reference_page.py")


def pages() -> list[tuple[str, str]]:
    """(name, script) of every page in the navigation."""
    from ui import navigation as nav

    out = [("forside", nav.OVERVIEW)]
    out += [(slug, script) for script, slug in nav.VISIONS.values()]
    out += [("pejlemaerker", nav.GOALS), ("bydele", nav.DISTRICTS), ("koebenhavnermodel", nav.FAMILY_MODEL)]
    return out


def _walk(node):
    for child in getattr(node, "children", {}).values():
        yield child
        yield from _walk(child)


def chart_points(at) -> tuple[int, int]:
    """(charts, data points) drawn in the main area: Vega-Lite datasets (each distinct one once) and sparklines."""
    charts = points = 0
    for el in _walk(at.main):
        kind = getattr(el, "type", None)
        if kind in ("vega_lite_chart", "arrow_vega_lite_chart"):
            charts += 1
            seen = set()
            spec = json.loads(el.proto.spec or "{}")

            def values(obj):
                if isinstance(obj, dict):
                    if isinstance(obj.get("values"), list):
                        yield obj["values"]
                    for v in obj.values():
                        yield from values(v)
                elif isinstance(obj, list):
                    for v in obj:
                        yield from values(v)

            for vals in list(values(spec)) + list(spec.get("datasets", {}).values()):
                key = json.dumps(vals, sort_keys=True, default=str)
                if key not in seen:
                    seen.add(key)
                    points += len(vals)
        elif kind == "metric" and len(el.proto.chart_data):
            charts += 1
            points += len(el.proto.chart_data)
    return charts, points


def _clear(level: str) -> None:
    import streamlit as st

    if level == "first":
        st.cache_data.clear()
        st.cache_resource.clear()
        from data_access import db

        for fn in (db.get_engine, getattr(db, "_engine_for", None)):  # the per-URL engine cache
            if hasattr(fn, "cache_clear"):
                fn.cache_clear()
    elif level == "cold":
        from ui import loaders

        for cached in (loaders._level_sums, loaders._series, loaders._assessment, loaders.vega_spec):
            cached.clear()


def run_page(script: str, level: str, query: dict | None = None, app: str = DASHBOARD):
    """One timed run of `script` in a fresh session; returns (seconds, AppTest)."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(app, default_timeout=600)
    for name, value in (query or {}).items():
        at.query_params[name] = value
    if app == DASHBOARD:
        at.run()  # the default page: a session exists before the switch (AppTest needs one run first)
        if at.exception:
            raise RuntimeError(f"default page failed: {[e.message for e in at.exception]}")
        at.switch_page(script)
    _clear(level)
    started = time.perf_counter()
    at.run()
    seconds = time.perf_counter() - started
    if at.exception:
        raise RuntimeError(f"{script} failed: {[e.message for e in at.exception][:1]}")
    return seconds, at


def measure(repeats: int, query: dict | None = None) -> list[dict]:
    results = []
    for name, script in pages():
        row: dict = {"page": name, "query": query or {}}
        try:
            first, at = run_page(script, "first", query)
            row["first"] = first
            row["charts"], row["points"] = chart_points(at)
            ref_query = {"points": str(max(row["points"], 1)), **({"bydel": query["bydel"]} if query and "bydel" in query else {})}
            row["ref_first"] = run_page(REFERENCE, "first", ref_query, app=REFERENCE)[0]
            cold, warm, ref = [], [], []
            for _ in range(repeats):  # page and reference in turn, so load on the machine hits both alike
                cold.append(run_page(script, "cold", query)[0])
                ref.append(run_page(REFERENCE, "warm", ref_query, app=REFERENCE)[0])
                warm.append(run_page(script, "warm", query)[0])
                ref.append(run_page(REFERENCE, "warm", ref_query, app=REFERENCE)[0])
            row["cold"], row["warm"], row["ref"] = map(statistics.median, (cold, warm, ref))
        except Exception as exc:  # a broken page is a result, not the end of the suite
            row["error"] = f"{type(exc).__name__}: {exc}"[:300]
        print(json.dumps({k: v for k, v in row.items()}), flush=True)
        results.append(row)
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--query", default="", help="URL parameters for every page, e.g. bydel=3")
    args = parser.parse_args()
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    query = dict(part.split("=", 1) for part in args.query.split("&") if part)
    results = measure(args.repeats, query or None)
    args.out.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
