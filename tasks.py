"""The two commands of the README: `python3 tasks.py app` and `python3 tasks.py test`.

`test` type-checks first (mypy with mypy.ini, always the whole configured scope) and runs pytest only
when that passes; its further arguments go to pytest (e.g. `python3 tasks.py test -m "not browser"`).
Both set everything up first (a virtualenv in .venv with requirements.txt, and the embedded sample
database), so a fresh clone with only Python 3.11+ needs nothing else.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
PY = VENV / "bin" / "python"
STAMP = VENV / ".requirements.sha256"


def setup() -> None:
    if not PY.exists():
        print("Opretter .venv …", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    wanted = hashlib.sha256((ROOT / "requirements.txt").read_bytes()).hexdigest()
    if not STAMP.exists() or STAMP.read_text() != wanted:
        print("Installerer pakker fra requirements.txt …", flush=True)
        subprocess.run([str(PY), "-m", "pip", "install", "-q", "-r", str(ROOT / "requirements.txt")], check=True)
        STAMP.write_text(wanted)
    subprocess.run([str(PY), "-m", "data_access.sample_db"], check=True, cwd=ROOT)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"app", "test"}:
        print("Brug: python3 tasks.py app | test [pytest-argumenter]")
        return 2
    setup()
    if argv[0] == "app":
        cmd = [str(PY), "serve.py", *argv[1:]]  # streamlit run dashboard.py, deep links right from the start
    else:
        typecheck = [str(PY), "-m", "mypy", "--config-file", str(ROOT / "mypy.ini")]
        checked = subprocess.run(typecheck, cwd=ROOT, env=os.environ.copy()).returncode
        if checked != 0:
            return checked
        cmd = [str(PY), "-m", "pytest", *argv[1:]]
    return subprocess.run(cmd, cwd=ROOT, env=os.environ.copy()).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
