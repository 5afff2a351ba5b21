"""A throwaway PostgreSQL server for the tests and benchmarks, or the one named in TEST_DATABASE_URL.

CI installs Debian's postgresql package; the tests start their own cluster in a temporary folder
(as the `postgres` user when run as root, since PostgreSQL refuses to run as root) and remove it after.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

from devtools.servers import free_port


def pg_bin(name: str) -> str | None:
    """The newest installed PostgreSQL program `name` (Debian keeps them per version), else from PATH."""
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


def postgres_available() -> bool:
    return bool(os.environ.get("TEST_DATABASE_URL")) or pg_bin("initdb") is not None


@contextmanager
def postgres_server() -> Iterator[str]:
    """Yield a SQLAlchemy URL of a PostgreSQL server database the tests may create databases on."""
    if url := os.environ.get("TEST_DATABASE_URL"):
        yield url
        return
    initdb, pg_ctl = pg_bin("initdb"), pg_bin("pg_ctl")
    if not initdb or not pg_ctl:
        raise RuntimeError("PostgreSQL is not installed (no initdb); install Debian's postgresql package")
    prefix: list[str] = []
    base = tempfile.mkdtemp(prefix="pgtest-")
    if os.geteuid() == 0:
        shutil.chown(base, user="postgres")
        prefix = ["runuser", "-u", "postgres", "--"]
    data = os.path.join(base, "data")
    port = free_port()
    run = dict(check=True, capture_output=True, text=True)
    subprocess.run([*prefix, initdb, "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8"], **run)
    options = f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off"
    subprocess.run([*prefix, pg_ctl, "-D", data, "-o", options, "-w", "-l", os.path.join(base, "log"), "start"], **run)
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*prefix, pg_ctl, "-D", data, "-m", "immediate", "stop"], capture_output=True)
        shutil.rmtree(base, ignore_errors=True)
