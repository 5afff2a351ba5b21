"""Shared helpers of the benchmark suite: timing, the machine, Streamlit servers, RSS."""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
from devtools.chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402,F401,I001 (one definition for tests and bench)
from devtools.servers import streamlit_server as devtools_server  # noqa: E402
BENCH = ROOT / "bench"
# Where the app is run from (streamlit servers, AppTest): the work tree, or a snapshot of a commit
# (run.py --snapshot), so edits in progress elsewhere in the tree cannot change a run halfway.
APP_ROOT = Path(os.environ.get("BENCH_APP_ROOT", ROOT))
WORKDIR = Path(os.environ.get("BENCH_WORKDIR", "/tmp/socialstrategi-bench"))
VIEWPORT = {"width": 1400, "height": 1000}


def log(*parts) -> None:
    print(*parts, file=sys.stderr, flush=True)


def timed(fn: Callable, repeats: int, warmup: int = 1) -> tuple[float, list[float], object]:
    """Median seconds of `repeats` calls after `warmup` untimed calls; also all times and the last result."""
    result = None
    for _ in range(warmup):
        result = fn()
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), times, result


def percentile(values: list[float], pct: float) -> float | None:
    """Nearest-rank percentile (p95 of 20 values is the 19th smallest)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * pct // 100))
    return ordered[int(rank) - 1]


KINDS = ("overview", "vision", "filter", "overview+filter")  # the four interactions of a session


def latency_summary(latencies: list[tuple[str, float]], errors: list[str]) -> dict:
    """p50/p95/max of (kind, seconds) pairs, p95 per kind, and the errors (three examples)."""
    values = [s for _, s in latencies]
    return dict(
        interactions=len(values), errors=len(errors), error_examples=errors[:3],
        p50=percentile(values, 50), p95=percentile(values, 95), max=max(values) if values else None,
        by_kind={k: percentile([s for kk, s in latencies if kk == k], 95) for k in KINDS},
    )


class PeakRss:
    """Samples a process's RSS every 0.1 s in a thread, from start() to stop(); `peak` is the highest."""

    def __init__(self, pid: int):
        self.pid = pid
        self.peak = rss_mb(pid)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, rss_mb(self.pid))
            time.sleep(0.1)

    def start(self) -> PeakRss:
        self._thread.start()
        return self

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return self.peak


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children (MB), from /proc."""
    total = 0
    for p in [pid, *_children(pid)]:
        try:
            with open(f"/proc/{p}/status") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except FileNotFoundError:
            pass
    return total / 1024


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as fh:
            kids = [int(x) for x in fh.read().split()]
    except FileNotFoundError:
        return []
    return kids + [g for k in kids for g in _children(k)]


def machine() -> dict[str, str]:
    cpu = "unknown"
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = "unknown"
    try:
        with open("/proc/meminfo") as fh:
            kb = int(fh.readline().split()[1])
            mem = f"{kb / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return {"nproc": str(os.cpu_count()), "memory": mem, "cpu": cpu, "kernel": platform.release()}


def versions() -> dict[str, str]:
    from importlib.metadata import version

    out = {"python": platform.python_version()}
    for name in ("streamlit", "polars", "sqlalchemy", "pandas", "pyarrow", "psycopg", "altair", "playwright"):
        try:
            out[name] = version(name)
        except Exception:
            out[name] = "-"
    try:
        text = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, timeout=20).stdout
        out["chromium"] = text.split("\n")[0].replace("Chromium", "").strip().split(" ")[0]
    except Exception:
        out["chromium"] = "-"
    from devtools.postgres import pg_bin

    pg = pg_bin("postgres")
    if pg:
        out["postgresql"] = subprocess.run([pg, "--version"], capture_output=True, text=True).stdout.split()[2].split("-")[0]
    try:
        import sqlite3

        out["sqlite"] = sqlite3.sqlite_version
    except Exception:
        pass
    return out


# ---------------------------------------------------------------- Streamlit servers


@contextmanager
def streamlit_server(script: str, *, database_url: str | None, name: str, timeout_s: float = 90):
    """`streamlit run script` from APP_ROOT on a free loopback port; yields (base_url, pid). Output goes to
    WORKDIR/<name>.log."""
    with devtools_server(script, database_url=database_url, log_path=WORKDIR / f"{name}.log", cwd=APP_ROOT,
                         timeout_s=timeout_s) as (base_url, proc):
        yield base_url, proc.pid
