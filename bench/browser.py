"""Figures 3 and 4: the app in headless Chromium (Playwright), one session at a time and N at once.

Timing is read inside the page. An init script watches the DOM: it counts drawn charts (a Vega
`svg.marks` or `canvas` inside `.vega-embed`: trend charts and the tiles' sparklines alike), notes the
time of the last change inside any chart and when the script state becomes "notRunning". A view is
done when the script is not running, nothing is stale, at least the expected number of charts is
drawn and the main area has been quiet for QUIET_MS; its time is the last chart change (or the end
of the run, if later), measured from navigation start (`performance.now()`), or from the click for an
in-session interaction. The quiet wait itself is not counted.

Streamlit quirk: the first request after a server start must be "/" (a deep link first shows "Page
not found"). Every server is therefore warmed up on "/?til=<first year + 1>": that pays the one-time
reads (year range, provenance count, choices) but leaves the measured views' data caches cold, since
`til` is part of their cache key.
"""

from __future__ import annotations

import asyncio
import statistics
import time

from bench.common import (
    CHROMIUM,
    CHROMIUM_ARGS,
    VIEWPORT,
    PeakRss,
    latency_summary,
    log,
    rss_mb,
    streamlit_server,
)

QUIET_MS = 500
DEBUG = False
TIMEOUT_MS = 120_000

TRACKER_JS = """
(() => {
  const b = window.__bench = {lastChart: 0, drawn: 0, runs: 0, runEnd: 0, firstRunEnd: 0, lastMain: 0, t0: 0,
                              runs0: 0, expected: 1 << 30, allDrawn: 0, firstChart: 0};
  const drawn = () => document.querySelectorAll('.vega-embed svg.marks, .vega-embed canvas').length;
  let state = null;
  const check = (mutations) => {
    const now = performance.now();
    const app = document.querySelector('[data-testid="stApp"]');
    const s = app ? app.getAttribute('data-test-script-state') : null;
    if (s !== state) {
      if (s === 'running') b.runs += 1;
      if (s === 'notRunning' && state !== null) { b.runEnd = now; if (!b.firstRunEnd) b.firstRunEnd = now; }
      state = s;
    }
    const n = drawn();
    if (n !== b.drawn) {
      b.drawn = n; b.lastChart = now;
      if (n > 0 && !b.firstChart) b.firstChart = now;
      if (n >= b.expected && !b.allDrawn) b.allDrawn = now;
    }
    for (const m of mutations || []) {
      const el = m.target.nodeType === 1 ? m.target : m.target.parentElement;
      if (el && el.closest && el.closest('.vega-embed')) { b.lastChart = now; }
      if (el && el.closest && el.closest('[data-testid="stMain"]')) { b.lastMain = now; }
    }
  };
  new MutationObserver(check).observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
  b.mark = () => { b.t0 = performance.now(); b.runs0 = b.runs; };
  b.expect = (n) => { b.expected = n; if (drawn() >= n && !b.allDrawn) b.allDrawn = performance.now(); };
  b.state = () => {
    const app = document.querySelector('[data-testid="stApp"]');
    return {
      script: app ? app.getAttribute('data-test-script-state') : null,
      stale: document.querySelectorAll('[data-stale="true"]').length,
      drawn: drawn(),
      errors: [...document.querySelectorAll('[data-testid="stException"]')].map(e => e.innerText.slice(0, 200))
        .concat([...document.querySelectorAll('[role="dialog"]')].filter(d => /Page not found/.test(d.innerText))
        .map(d => 'Page not found')),
    };
  };
})();
"""

DONE_JS = """([expected, needRun, quiet]) => {
  const b = window.__bench; if (!b) return false;
  const s = b.state();
  if (s.errors.length) return {error: s.errors[0]};
  const now = performance.now();
  const ok = s.script === 'notRunning' && s.stale === 0 && s.drawn >= expected
    && (!needRun || (b.runs > b.runs0 && b.runEnd > b.t0))
    && now - Math.max(b.lastChart, b.lastMain, b.runEnd) >= quiet;
  if (!ok) return false;
  // A new page: the moment the last expected chart appeared. An interaction in the session: the last
  // change inside a chart, or the end of the run if later.
  const ms = needRun ? Math.max(b.lastChart, b.runEnd) - b.t0
    : (expected > 0 ? (b.allDrawn || b.lastChart) : b.runEnd) - b.t0;  // no charts: the end of the run
  return {ms: ms, drawn: s.drawn, firstChart: b.firstChart, firstRunEnd: b.firstRunEnd, lastChart: b.lastChart,
          allDrawn: b.allDrawn, runEnd: b.runEnd};
}"""


# ---------------------------------------------------------------- one session at a time (sync)


def _view(browser, url: str, expected: int, runs: list | None = None) -> float:
    """Milliseconds from navigation to the last chart drawn, in a fresh context (a new session).

    `runs` collects the milliseconds to the end of the first script run (the server's part is done)."""
    context = browser.new_context(viewport=VIEWPORT, locale="da-DK")
    try:
        page = context.new_page()
        page.add_init_script(TRACKER_JS)
        page.goto(url, wait_until="commit", timeout=TIMEOUT_MS)
        page.wait_for_function("() => !!window.__bench", polling=20, timeout=TIMEOUT_MS)
        page.evaluate("(n) => window.__bench.expect(n)", expected)
        handle = page.wait_for_function(DONE_JS, arg=[expected, False, QUIET_MS], polling=50, timeout=TIMEOUT_MS)
        result = handle.json_value()
        if "error" in result:
            raise RuntimeError(f"{url}: {result['error']}")
        if DEBUG:
            log(f"    {url}: {result}")
        if runs is not None:
            runs.append(result["firstRunEnd"])
        return result["ms"]
    finally:
        context.close()


def page_timings(*, database_url: str, first_year: int, expected: dict[str, int], ref_points: dict[str, int],
                 warm_repeats: int = 3, cold_starts: int = 2, districts=(3, 5, 8)) -> list[dict]:
    """Overview (/) and a vision page (/et-vaerdigt-liv): cold, warm and after a filter change (?bydel=K),
    each against the reference page with as many chart points, served by its own streamlit process."""
    from playwright.sync_api import sync_playwright

    views = [("forside", "/"), ("et-vaerdigt-liv", "/et-vaerdigt-liv")]
    warmup = f"/?til={first_year + 1}"
    out = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            for name, path in views:
                row = {"page": name, "cold": [], "warm": [], "filter": [], "run_end": [], "ref_run_end": [],
                       "ref_cold": [], "ref_warm": [], "ref_filter": []}
                sep = "&" if "?" in path else "?"
                points = ref_points[name]
                ref_path = f"/?points={points}"
                for start in range(cold_starts):
                    # The app and the reference run side by side and are measured in turn, so load on
                    # the machine hits both alike.
                    with streamlit_server("dashboard.py", database_url=database_url, name=f"browser-{name}-{start}") as (base, _pid), \
                            streamlit_server("bench/reference_page.py", database_url=None, name=f"browser-ref-{name}-{start}") as (ref, _rpid):
                        log(f"[browser] {name}: servers {start + 1}/{cold_starts}, warm-up")
                        t = time.perf_counter()
                        _view(browser, base + warmup, expected["forside"])
                        row.setdefault("warmup_s", []).append(time.perf_counter() - t)
                        _view(browser, ref + "/", 1)  # the reference's own warm-up on "/"
                        row["cold"].append(_view(browser, base + path, expected[name]))
                        row["ref_cold"].append(_view(browser, ref + ref_path, 1))
                        if start == 0:
                            for _ in range(warm_repeats):
                                row["warm"].append(_view(browser, base + path, expected[name], row["run_end"]))
                                row["ref_warm"].append(_view(browser, ref + ref_path, 1, row["ref_run_end"]))
                            for d in districts:
                                row["filter"].append(_view(browser, f"{base}{path}{sep}bydel={d}", expected[name]))
                                row["ref_filter"].append(_view(browser, f"{ref}{ref_path}&bydel={d}", 1))
                            # The same points split over as many small charts as the page draws: how much
                            # of the difference is the number of Vega views.
                            row["ref_multi"] = [_view(browser, f"{ref}{ref_path}&charts={expected[name]}", expected[name])
                                                for _ in range(warm_repeats)]
                row["ref_points"] = points
                row["charts"] = expected[name]
                for key in ("cold", "warm", "filter", "ref_cold", "ref_warm", "ref_filter", "run_end", "ref_run_end",
                            "ref_multi"):
                    row[key + "_ms"] = statistics.median(row[key])
                log(f"[browser] {name}: cold {row['cold_ms']:.0f} ms, warm {row['warm_ms']:.0f} ms, "
                    f"filter {row['filter_ms']:.0f} ms; reference {row['ref_cold_ms']:.0f}/{row['ref_warm_ms']:.0f}/{row['ref_filter_ms']:.0f} ms")
                out.append(row)
        finally:
            browser.close()
    return out


# ---------------------------------------------------------------- N sessions at once (async)


async def _session(browser, base: str, index: int, districts: dict[int, str], expected: dict[str, int],
                   latencies: list, errors: list) -> None:
    context = await browser.new_context(viewport=VIEWPORT, locale="da-DK")
    try:
        page = await context.new_page()
        await page.add_init_script(TRACKER_JS)

        async def done(expect: int, need_run: bool, label: str) -> None:
            handle = await page.wait_for_function(DONE_JS, arg=[expect, need_run, QUIET_MS], polling=50,
                                                  timeout=TIMEOUT_MS)
            result = await handle.json_value()
            if "error" in result:
                raise RuntimeError(f"{label}: {result['error']}")
            latencies.append((label, result["ms"] / 1000))

        # 1. Page view: the overview, a new session.
        await page.goto(base + "/", wait_until="commit", timeout=TIMEOUT_MS)
        await page.wait_for_function("() => !!window.__bench", polling=20, timeout=TIMEOUT_MS)
        await page.evaluate("(n) => window.__bench.expect(n)", expected["forside"])
        await done(expected["forside"], False, "overview")
        # 2. Page view in the session: a vision page through the sidebar.
        await page.evaluate("() => window.__bench.mark()")
        await page.locator('[data-testid="stSidebarNav"] a[href$="/et-vaerdigt-liv"]').click()
        await done(expected["et-vaerdigt-liv"], True, "vision")
        # 3. Filter change: a district in the sidebar.
        code = index % len(districts) + 1
        await page.locator('[data-testid="stSidebar"] input[aria-label="Bydel"]').click()
        await page.evaluate("() => window.__bench.mark()")
        await page.get_by_role("option", name=districts[code], exact=True).click()
        await done(expected["et-vaerdigt-liv"], True, "filter")
        # 4. Page view with the filter: back to the overview.
        await page.evaluate("() => window.__bench.mark()")
        await page.locator('[data-testid="stSidebarNav"] a').first.click()
        await done(expected["forside"], True, "overview+filter")
    except Exception as exc:  # a failed session is counted, the others go on
        errors.append(f"session {index}: {type(exc).__name__}: {str(exc)[:160]}")
    return context  # kept open (the session stays connected) until memory is read


async def _concurrency(base: str, pid: int, levels: list[int], districts: dict[int, str],
                       expected: dict[str, int]) -> list[dict]:
    from playwright.async_api import async_playwright

    out = []
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            # Warm every filter the script uses, so the levels measure sessions, not cache misses.
            warm_lat, warm_err = [], []
            contexts = [await _session(browser, base, i, districts, expected, warm_lat, warm_err)
                        for i in range(len(districts))]
            for c in contexts:
                await c.close()
            if warm_err:
                log(f"[concurrency] warm-up errors: {warm_err[:3]}")
            await asyncio.sleep(2)
            for n in levels:
                base_rss = rss_mb(pid)
                sampler = PeakRss(pid).start()
                cpu0 = _cpu_seconds(pid)
                latencies: list = []
                errors: list = []
                started = time.perf_counter()
                contexts = await asyncio.gather(
                    *(_session(browser, base, i, districts, expected, latencies, errors) for i in range(n))
                )
                wall = time.perf_counter() - started
                await asyncio.sleep(1)
                connected_rss = rss_mb(pid)  # all N sessions still connected
                cpu = _cpu_seconds(pid) - cpu0
                peak = sampler.stop()
                for c in contexts:
                    await c.close()
                row = dict(
                    sessions=n, **latency_summary(latencies, errors),
                    wall_s=wall, server_cpu_s=cpu, rss_before_mb=base_rss, rss_connected_mb=connected_rss,
                    rss_peak_mb=max(peak, connected_rss),
                )
                log(f"[concurrency] N={n}: p50 {row['p50']:.2f} s, p95 {row['p95']:.2f} s, errors {len(errors)}, "
                    f"RSS {base_rss:.0f} -> {connected_rss:.0f} MB (peak {row['rss_peak_mb']:.0f}), server CPU {cpu:.1f} s")
                out.append(row)
                await asyncio.sleep(3)  # let the server drop the closed sessions
        finally:
            await browser.close()
    return out


def _cpu_seconds(pid: int) -> float:
    """User+system CPU seconds of the server process so far."""
    import os

    with open(f"/proc/{pid}/stat") as fh:
        fields = fh.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def concurrency(*, database_url: str, first_year: int, levels: list[int], expected: dict[str, int]) -> list[dict]:
    from registry import load_registry

    districts = {d.code: d.name for d in load_registry().districts}
    with streamlit_server("dashboard.py", database_url=database_url, name="concurrency") as (base, pid):
        from playwright.sync_api import sync_playwright

        with sync_playwright() as pw:  # the mandatory warm-up on "/"
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            _view(browser, f"{base}/?til={first_year + 1}", expected["forside"])
            browser.close()
        return asyncio.run(_concurrency(base, pid, levels, districts, expected))
