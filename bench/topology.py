"""Figure 7: the deployment as it runs (README, "Deployment") on this machine: 2 app processes behind
Debian's nginx (deploy/nginx.conf.template, sticky by cookie) on PostgreSQL, with 10, 25 and 50 websocket
sessions, beside one process measured in the same run; and a fault run: one process killed while 25
sessions work, counting the sessions that came back by themselves and the interactions lost.

The sessions are bench/ws_sessions.py's protocol clients (overview, vision page, a district filter,
back), so the figure is the servers' side, with the proxy in between.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from bench.common import WORKDIR, log
from bench.ws_sessions import _levels, _rerun

FAULT_SESSIONS = 25
RECOVERY_S = 10


def run(*, database_url: str, levels: list[int]) -> dict:
    from devtools.servers import streamlit_server
    from devtools.topology import topology

    out: dict = {}
    with topology(database_url=database_url, work_dir=WORKDIR / "topology") as running:
        asyncio.run(_warm(running.proxy_url))
        pids = [proc.pid for _, proc in running.apps]
        out["two"] = asyncio.run(_levels(running.proxy_url, pids, levels))
        out["fault"] = asyncio.run(_fault(running))
    with streamlit_server(database_url=database_url, log_path=WORKDIR / "topology-one.log") as (base, proc):
        asyncio.run(_warm(base))
        out["one"] = asyncio.run(_levels(base, proc.pid, levels))
    return out


async def _warm(base: str) -> None:
    import websockets

    async with websockets.connect(f"{base.replace('http://', 'ws://')}/_stcore/stream", subprotocols=["streamlit"],
                                  max_size=None) as ws:
        await _rerun(ws, page="")


async def _fault(running) -> dict:
    """25 sessions open the vision page; the process serving most of them is killed; each session then
    reconnects through the proxy (as Streamlit's frontend does) and opens its view again."""
    import websockets

    base_ws = running.proxy_url.replace("http://", "ws://")
    sockets = []
    for _ in range(FAULT_SESSIONS):
        ws = await websockets.connect(f"{base_ws}/_stcore/stream", subprotocols=["streamlit"], max_size=None)
        await _rerun(ws, page="et-vaerdigt-liv", query="bydel=3")
        sockets.append(ws)
    served = running.upstreams_seen()
    victim = max(range(len(running.apps)), key=lambda i: served.count(running.app_address(i)))
    running.apps[victim][1].kill()
    killed_at = time.perf_counter()
    recovered, lost, times = 0, 0, []
    for ws in sockets:
        try:
            await _rerun(ws, page="et-vaerdigt-liv", query="bydel=3")  # still alive: its process survived
            recovered += 1
            continue
        except Exception:
            lost += 1  # the interaction in flight on the killed process
        try:
            fresh = await websockets.connect(f"{base_ws}/_stcore/stream", subprotocols=["streamlit"], max_size=None)
            await _rerun(fresh, page="et-vaerdigt-liv", query="bydel=3")
            recovered += 1
            times.append(time.perf_counter() - killed_at)
            await fresh.close()
        except Exception as exc:  # noqa: BLE001 (counted, reported)
            log(f"[topology] a session did not come back: {type(exc).__name__}: {exc}")
    for ws in sockets:
        await ws.close()
    row = dict(sessions=FAULT_SESSIONS, killed=running.app_address(victim), recovered=recovered,
               interactions_lost=lost, slowest_recovery_s=max(times) if times else 0.0,
               within_target=bool(recovered == FAULT_SESSIONS and (max(times) if times else 0) <= RECOVERY_S))
    log(f"[topology] fault: {recovered}/{FAULT_SESSIONS} sessions back, {lost} interactions lost, "
        f"slowest {row['slowest_recovery_s']:.1f} s")
    return row


if __name__ == "__main__":  # python -m bench.topology DATABASE_URL
    import json
    import sys

    result = run(database_url=sys.argv[1], levels=[int(x) for x in (sys.argv[2:] or ["10", "25", "50"])])
    Path(WORKDIR / "topology.json").write_text(json.dumps(result, indent=1, default=str))
    print(json.dumps(result, indent=1, default=str))
