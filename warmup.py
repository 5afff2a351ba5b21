"""Warm the app's caches right after the server starts, so the first visitor after a deploy does not pay.

serve.py starts this in a thread: once /_stcore/health answers, it opens one session like a browser (a
websocket speaking Streamlit's own protocol) and runs the front page and the four vision pages, whose
series, suppression patterns and chart specs then sit in the process-wide caches (ui.loaders).
"""

from __future__ import annotations

import asyncio
import logging
import time
import urllib.request

from ui.navigation import URL_PATHS, VISIONS

PAGES = ("", *(slug for _, slug in VISIONS.values()))  # "" is the front page
_log = logging.getLogger(__name__)


def warm(port: int, *, timeout_s: float = 120) -> bool:
    """Wait for the server on `port`, then run the default views once. True when every page ran."""
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            time.sleep(0.5)
    else:
        return False
    try:
        return asyncio.run(_run_pages(base.replace("http://", "ws://"), timeout_s))
    except Exception as exc:  # noqa: BLE001 (a failed warm-up only means a slower first visit)
        _log.warning("warm-up skipped: %s", exc)
        return False


async def _run_pages(base_ws: str, timeout_s: float) -> bool:
    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    assert all(page == "" or page in URL_PATHS for page in PAGES)
    async with websockets.connect(f"{base_ws}/_stcore/stream", subprotocols=["streamlit"], max_size=None) as ws:
        for page in PAGES:
            msg = BackMsg()
            msg.rerun_script.page_name = page
            msg.rerun_script.query_string = ""
            await ws.send(msg.SerializeToString())
            while True:
                fwd = ForwardMsg()
                fwd.ParseFromString(await asyncio.wait_for(ws.recv(), timeout=timeout_s))
                if fwd.WhichOneof("type") == "script_finished":
                    break
    return True
