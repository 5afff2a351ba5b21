"""Figure 4b: N sessions at once without browsers — the server's side of concurrency.

Each session is a plain websocket client speaking Streamlit's own protocol (the protobuf BackMsg /
ForwardMsg of the installed streamlit), doing the same four interactions as the browser sessions:
open the overview, switch to the vision page, pick a district in the sidebar's "Bydel" select box
(a widget state, as the browser sends it), back to the overview. Latency = request sent to the
server's "script finished" message received: everything the server does (script run, queries,
serialising the page) and the loopback transfer, but no drawing. On a 2-core machine that also hosts
the browsers, figure 4 measures the browsers as much as the server; this one does not.
"""

from __future__ import annotations

import asyncio
import json
import time

from bench.common import PeakRss, latency_summary, log, rss_mb

TIMEOUT_S = 120


async def _rerun(ws, *, page: str, widgets: list | None = None, query: str = "", page_hash: str = "") -> tuple[float, dict]:
    """Send one rerun and read until the script finishes; returns (seconds, what was seen).

    A rerun of the page being shown must carry its page_script_hash (as the browser does), or the
    server takes it for a page change and drops the widget states."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    msg = BackMsg()
    msg.rerun_script.query_string = query
    msg.rerun_script.page_name = page
    msg.rerun_script.page_script_hash = page_hash
    if widgets:
        msg.rerun_script.widget_states.widgets.extend(widgets)
    seen: dict = {"selectboxes": {}, "exceptions": [], "elements": 0, "page_hash": page_hash, "specs": []}
    started = time.perf_counter()
    await ws.send(msg.SerializeToString())
    while True:
        raw = await asyncio.wait_for(ws.recv(), timeout=TIMEOUT_S)
        fwd = ForwardMsg()
        fwd.ParseFromString(raw)
        kind = fwd.WhichOneof("type")
        if kind == "navigation":  # st.navigation names the page it runs, and every page's hash
            seen["page_hash"] = fwd.navigation.page_script_hash
            seen["default_hash"] = next((pg.page_script_hash for pg in fwd.navigation.app_pages if pg.is_default), "")
        if kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
            seen["elements"] += 1
            el = fwd.delta.new_element
            which = el.WhichOneof("type")
            if which == "selectbox":
                seen["selectboxes"][el.selectbox.label] = el.selectbox
            elif which == "vega_lite_chart":
                seen["specs"].append(el.vega_lite_chart.spec)
            elif which == "exception":
                seen["exceptions"].append(el.exception.message[:160])
        elif kind == "page_not_found":
            seen["exceptions"].append(f"page not found: {page}")
        elif kind == "script_finished":
            status = ForwardMsg.ScriptFinishedStatus.Name(fwd.script_finished)
            if status == "FINISHED_EARLY_FOR_RERUN":
                continue
            if status != "FINISHED_SUCCESSFULLY":
                seen["exceptions"].append(status)
            return time.perf_counter() - started, seen


async def _session(base_ws: str, index: int, districts: dict[int, str], latencies: list, errors: list, keep: list):
    import websockets
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    try:
        ws = await websockets.connect(f"{base_ws}/_stcore/stream", subprotocols=["streamlit"], max_size=None,
                                      open_timeout=TIMEOUT_S)
        keep.append(ws)
        seconds, seen = await _rerun(ws, page="")
        latencies.append(("overview", seconds))
        seconds, seen = await _rerun(ws, page="et-vaerdigt-liv")
        latencies.append(("vision", seconds))
        box = seen["selectboxes"].get("Bydel")
        if box is None:
            raise RuntimeError("no 'Bydel' select box on the vision page")
        name = districts[index % len(districts) + 1]
        state = WidgetState(id=box.id, string_value=name)
        seconds, seen2 = await _rerun(ws, page="et-vaerdigt-liv", widgets=[state], page_hash=seen["page_hash"])
        latencies.append(("filter", seconds))
        if not any(json.dumps(name)[1:-1] in spec or name in spec for spec in seen2["specs"]):
            raise RuntimeError(f"the filter {name!r} did not reach the charts")
        # Back to the overview through the navigation, the filter kept (the browser sends both).
        seconds, seen3 = await _rerun(ws, page="", widgets=[state], page_hash=seen2.get("default_hash", ""))
        latencies.append(("overview+filter", seconds))
        problems = seen["exceptions"] + seen2["exceptions"] + seen3["exceptions"]
        if problems:
            errors.append(f"session {index}: {problems[0]}")
    except Exception as exc:
        errors.append(f"session {index}: {type(exc).__name__}: {str(exc)[:160]}")


async def _levels(base: str, pid: int | list[int], levels: list[int]) -> list[dict]:
    """Each level of N sessions at once on `base` (a process, or the proxy in front of `pid`'s processes:
    CPU and memory are the sum over them)."""
    from registry import load_registry

    districts = {d.code: d.name for d in load_registry().districts}
    base_ws = base.replace("http://", "ws://")
    out = []
    # Warm every filter the script uses (as figure 4 does).
    warm_keep: list = []
    await asyncio.gather(*(_session(base_ws, i, districts, [], [], warm_keep) for i in range(len(districts))))
    for ws in warm_keep:
        await ws.close()
    await asyncio.sleep(2)
    pids = pid if isinstance(pid, list) else [pid]
    from bench.browser import _cpu_seconds

    def rss() -> float:
        return sum(rss_mb(p) for p in pids)

    def cpu_s() -> float:
        return sum(_cpu_seconds(p) for p in pids)

    for n in levels:
        before = rss()
        samplers = [PeakRss(p).start() for p in pids]
        cpu0 = cpu_s()
        latencies: list = []
        errors: list = []
        keep: list = []
        started = time.perf_counter()
        await asyncio.gather(*(_session(base_ws, i, districts, latencies, errors, keep) for i in range(n)))
        wall = time.perf_counter() - started
        await asyncio.sleep(1)
        connected = rss()
        cpu = cpu_s() - cpu0
        peak = sum(sampler.stop() for sampler in samplers)
        for ws in keep:
            await ws.close()
        row = dict(
            sessions=n, **latency_summary(latencies, errors),
            wall_s=wall, server_cpu_s=cpu, cpu_per_interaction_s=cpu / len(latencies) if latencies else None,
            mb_per_session=(connected - before) / n if n else None,
            rss_before_mb=before, rss_connected_mb=connected,
            rss_peak_mb=max(peak, connected),
        )
        log(f"[sessions] N={n}: p50 {row['p50'] or 0:.2f} s, p95 {row['p95'] or 0:.2f} s, errors {len(errors)}, "
            f"RSS {before:.0f} -> {connected:.0f} MB, server CPU {cpu:.1f} s, wall {wall:.1f} s")
        out.append(row)
        await asyncio.sleep(3)
    return out


def concurrency(*, database_url: str, first_year: int, levels: list[int]) -> list[dict]:
    from bench.common import streamlit_server

    with streamlit_server("dashboard.py", database_url=database_url, name="ws-sessions") as (base, pid):
        async def warm() -> None:
            import websockets

            async with websockets.connect(f"{base.replace('http://', 'ws://')}/_stcore/stream",
                                          subprotocols=["streamlit"], max_size=None) as ws:
                await _rerun(ws, page="", query=f"til={first_year + 1}")  # "/" first (Streamlit quirk)

        asyncio.run(warm())
        return asyncio.run(_levels(base, pid, levels))
