"""The app as `streamlit run` on a free loopback port, for browser tests and benchmarks alike."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def healthy(base_url: str) -> bool:
    """Whether Streamlit's health endpoint answers "ok"."""
    try:
        with urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=2) as response:
            return response.status == 200 and response.read().decode().strip() == "ok"
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


class ServerFailed(RuntimeError):
    """The server exited or did not become healthy; the message ends with its log."""


@contextmanager
def streamlit_server(script: str = "dashboard.py", *, database_url: str | None, log_path: Path,
                     cwd: Path = ROOT, timeout_s: float = 60, port: int | None = None,
                     secrets_file: Path | None = None,
                     env_extra: dict[str, str] | None = None) -> Iterator[tuple[str, subprocess.Popen]]:
    """`streamlit run script` on `database_url` (None: the embedded sample database, never a configured
    DATABASE_URL); yields (base URL, process) once healthy, and stops it afterwards. Output goes to
    `log_path` (a file, not a pipe: a full pipe would block the server). `secrets_file` replaces
    .streamlit/secrets.toml (e.g. a test's login configuration); `port` is chosen when not given."""
    port = port or free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "PYTHONUNBUFFERED": "1", **(env_extra or {})}
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "w", encoding="utf-8") as log:
        proc = subprocess.Popen(
            [
                # the dashboard through serve.py (deep links right after a start); other scripts as they are
                *([sys.executable, str(ROOT / "serve.py")] if script == "dashboard.py"
                  else [sys.executable, "-m", "streamlit", "run", script]),
                "--server.headless", "true",
                "--server.address", "127.0.0.1",
                "--server.port", str(port),
                "--server.fileWatcherType", "none",
                "--server.runOnSave", "false",
                "--browser.gatherUsageStats", "false",
                *(["--secrets.files", str(secrets_file)] if secrets_file else []),
            ],
            cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + timeout_s
            while not healthy(base_url):
                if proc.poll() is not None:
                    raise ServerFailed(f"streamlit {script} exited with code {proc.returncode}:\n{_tail(log_path)}")
                if time.monotonic() > deadline:
                    raise ServerFailed(f"streamlit {script} not healthy within {timeout_s} s:\n{_tail(log_path)}")
                time.sleep(0.2)
            yield base_url, proc
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=15)


def _tail(path: Path, chars: int = 4000) -> str:
    return path.read_text(encoding="utf-8", errors="replace")[-chars:]
