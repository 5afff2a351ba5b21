"""The deployment's topology on loopback: N app processes behind Debian's nginx (deploy/nginx.conf.template,
sticky by cookie), all on one database. For the topology test and the benchmark."""

from __future__ import annotations

import re
import shutil
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from devtools.nginx import render_nginx_conf
from devtools.servers import ServerFailed, free_port, healthy, streamlit_server

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def nginx_available() -> bool:
    return Path(NGINX).exists()


@dataclass
class Topology:
    proxy_url: str
    apps: list[tuple[str, subprocess.Popen]]  # (base URL, process) of each app process
    access_log: Path
    _log_offset: int = field(default=0, repr=False)

    def app_address(self, index: int) -> str:
        return self.apps[index][0].removeprefix("http://")

    def upstreams_seen(self) -> list[str]:
        """The upstream of every request nginx logged since the last call (in order)."""
        text = self.access_log.read_text(encoding="utf-8", errors="replace")
        new, self._log_offset = text[self._log_offset:], len(text)
        return re.findall(r"upstream=(\S+)", new)


@contextmanager
def topology(*, database_url: str, work_dir: Path, processes: int = 2, timeout_s: float = 90) -> Iterator[Topology]:
    """Start `processes` app processes on `database_url` and nginx in front of them; stop all afterwards."""
    work_dir.mkdir(parents=True, exist_ok=True)
    with ExitStack() as stack:
        apps = [
            stack.enter_context(streamlit_server(database_url=database_url, log_path=work_dir / f"app{i + 1}.log",
                                                 timeout_s=timeout_s))
            for i in range(processes)
        ]
        port = free_port()
        conf = work_dir / "nginx.conf"
        conf.write_text(render_nginx_conf([url.removeprefix("http://") for url, _ in apps], f"127.0.0.1:{port}"),
                        encoding="utf-8")
        prefix = work_dir / "nginx"
        for sub in ("logs", "client_body_temp", "proxy_temp", "fastcgi_temp", "uwsgi_temp", "scgi_temp"):
            (prefix / sub).mkdir(parents=True, exist_ok=True)
        access = work_dir / "nginx-access.log"
        with open(access, "w", encoding="utf-8") as log:
            proxy = subprocess.Popen(
                [NGINX, "-p", str(prefix), "-c", str(conf),
                 "-g", f"daemon off; pid {prefix / 'nginx.pid'}; user root;"],
                stdout=log, stderr=subprocess.STDOUT,
            )
            try:
                url = f"http://127.0.0.1:{port}"
                deadline = time.monotonic() + 20
                while not healthy(url):
                    if proxy.poll() is not None or time.monotonic() > deadline:
                        raise ServerFailed(f"nginx did not start:\n{access.read_text(errors='replace')[-3000:]}")
                    time.sleep(0.2)
                yield Topology(url, apps, access)
            finally:
                proxy.terminate()
                proxy.wait(timeout=10)


def get(url: str, cookie: str | None = None) -> tuple[int, str | None]:
    """(status, the stsrv cookie nginx set) of a GET through the proxy."""
    request = urllib.request.Request(url, headers={"Cookie": f"stsrv={cookie}"} if cookie else {})
    with urllib.request.urlopen(request, timeout=10) as response:
        cookies = response.headers.get_all("Set-Cookie") or []
        value = next((c.split(";")[0].split("=", 1)[1] for c in cookies if c.startswith("stsrv=")), None)
        return response.status, value
