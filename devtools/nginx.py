"""deploy/nginx.conf.template rendered for a list of Streamlit processes: compose.yaml's app1 and app2
(deploy/nginx.conf) or a test's servers on loopback ports."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "deploy" / "nginx.conf.template"
RENDERED = ROOT / "deploy" / "nginx.conf"
# What compose.yaml runs: deploy/nginx.conf is the template rendered with these.
COMPOSE_UPSTREAMS = ["app1:8501", "app2:8501"]
COMPOSE_LISTEN = "8080"

_ADDRESS = re.compile(r"[A-Za-z0-9._\-\[\]:]+")  # host:port, 127.0.0.1:8501, [::1]:8501 (no unix sockets)


def render_nginx_conf(upstreams: list[str], listen: str) -> str:
    """The template with one `server ADDRESS;` line per entry of `upstreams` ("host:port") and `listen`
    ("8080", "127.0.0.1:18080") as the listen address."""
    if not upstreams:
        raise ValueError("at least one upstream is needed")
    for value in [*upstreams, listen]:
        if not _ADDRESS.fullmatch(value):
            raise ValueError(f"not an address: {value!r}")
    lines = [f"# Rendered from deploy/nginx.conf.template by devtools/nginx.py (upstreams: {', '.join(upstreams)}).\n"]
    for line in TEMPLATE.read_text(encoding="utf-8").splitlines(keepends=True):
        if line.strip() == "{{UPSTREAMS}}":
            indent = line[: len(line) - len(line.lstrip())]
            lines.extend(f"{indent}server {address};\n" for address in upstreams)
        elif not line.lstrip().startswith("#"):
            lines.append(line.replace("{{LISTEN}}", listen))
        else:
            lines.append(line)
    return "".join(lines)


def write_compose_conf() -> Path:
    """Render deploy/nginx.conf for compose.yaml (after editing the template)."""
    RENDERED.write_text(render_nginx_conf(COMPOSE_UPSTREAMS, COMPOSE_LISTEN), encoding="utf-8")
    return RENDERED


if __name__ == "__main__":
    print(f"wrote {write_compose_conf()}")
