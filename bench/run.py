"""The benchmark suite: one command, all figures, each against its reference measured in the same run.

    python -m bench                         # everything: 100k, 1M, 5M rows; SQLite and PostgreSQL
    python -m bench --quick                 # a smoke run: 100k and 1M, fewer repeats, N = 1 and 5
    python -m bench --sizes 1m --only data  # one figure at one size

Writes bench/results.md (and the raw numbers to <workdir>/results.json). See bench/README.md.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import tarfile
import time
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path

from bench import common
from bench.common import ROOT, WORKDIR, log, machine, versions
from bench.generate_large import first_year, observations, parse_rows, size_label, write_postgres, write_sqlite

SECTIONS = ("data", "app", "browser", "concurrency", "sessions")


def _git(*args: str) -> str:
    try:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=30).stdout.strip()
    except Exception:
        return "?"


def make_snapshot() -> Path:
    """HEAD of the repository, exported (git archive), with this bench/ copied in."""
    target = WORKDIR / "snapshot"
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", "HEAD"], cwd=ROOT, capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")
    shutil.rmtree(target / "bench", ignore_errors=True)
    shutil.copytree(ROOT / "bench", target / "bench", ignore=shutil.ignore_patterns("__pycache__", "results.md"))
    return target


def run_apptest(database_url: str, repeats: int, backend: str) -> list[dict]:
    out = WORKDIR / f"apptest-{backend}.json"
    env = {**os.environ, "DATABASE_URL": database_url, "PYTHONUNBUFFERED": "1"}
    cmd = [sys.executable, "-m", "bench.app_pages", "--repeats", str(repeats), "--out", str(out)]
    with open(WORKDIR / f"apptest-{backend}.log", "w") as fh:
        proc = subprocess.run(cmd, cwd=common.APP_ROOT, env=env, stdout=fh, stderr=subprocess.STDOUT)
    if proc.returncode != 0 or not out.exists():
        raise RuntimeError(f"AppTest run failed ({proc.returncode}); see {WORKDIR}/apptest-{backend}.log")
    return json.loads(out.read_text())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100k,1m,5m", help="database sizes (rows), e.g. 100k,1m,5m")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--only", default=",".join(SECTIONS), help=f"any of {','.join(SECTIONS)}")
    parser.add_argument("--app-backend", default="postgresql",
                        help="database of the browser and concurrency figures (largest size)")
    parser.add_argument("--levels", default="1,5,10,25", help="concurrent sessions")
    parser.add_argument("--quick", action="store_true", help="100k,1m; fewer repeats; N=1,5")
    parser.add_argument("--snapshot", action="store_true",
                        help="run the app from an export of HEAD (plus this bench/) instead of the work tree")
    parser.add_argument("--update", action="store_true",
                        help="keep the other sections' figures from the previous run's results.json")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results.md")
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes = "100k,1m" if args.sizes == parser.get_default("sizes") else args.sizes
        args.levels = "1,5" if args.levels == parser.get_default("levels") else args.levels
    sizes = [parse_rows(s) for s in args.sizes.split(",") if s]
    backends = [b for b in args.backends.split(",") if b]
    only = {s for s in args.only.split(",") if s}
    levels = [int(n) for n in args.levels.split(",") if n]
    repeats = 3 if args.quick else 7
    started = time.perf_counter()
    WORKDIR.mkdir(parents=True, exist_ok=True)
    # A plain `kill` ends the run through the finally blocks (the throwaway PostgreSQL server stops).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if args.snapshot:
        common.APP_ROOT = make_snapshot()
        os.environ["BENCH_APP_ROOT"] = str(common.APP_ROOT)
        log(f"app snapshot of HEAD in {common.APP_ROOT}")
    results: dict = dict(
        started=datetime.now(UTC).isoformat(timespec="seconds"), machine=machine(), versions=versions(),
        git=dict(head=_git("rev-parse", "--short", "HEAD"), dirty=len(_git("status", "--porcelain").splitlines()),
                 app_from="snapshot of HEAD" if args.snapshot else "work tree"),
        args=vars(args) | {"out": str(args.out)}, sizes=[size_label(n) for n in sizes], data=[], apptest={},
        browser=[], concurrency=[], sessions=[], setup={},
    )
    previous = WORKDIR / "results.json"
    if args.update and previous.exists():
        before = json.loads(previous.read_text())
        keep = {"data": ["data"], "app": ["apptest"], "browser": ["browser"], "concurrency": ["concurrency"],
                "sessions": ["sessions"]}
        for section, keys in keep.items():
            if section not in only:
                for key in keys:
                    results[key] = before.get(key, results[key])
        results["provenance"] = before.get("provenance", {})
        results["setup"] = before.get("setup", {})
        results["sizes"] = before.get("sizes", results["sizes"])
        for key, value in before.items():  # e.g. side measurements added to results.json by hand
            results.setdefault(key, value)
        results["load"] = []
    load = results.setdefault("load", [])

    def note_load(what: str) -> None:
        load.append((what, round(os.getloadavg()[0], 2)))
        results["runtime_s"] = time.perf_counter() - started
        (WORKDIR / "results.json").write_text(json.dumps(results, indent=1, default=str))  # partial, on the way

    note_load("start")
    largest = max(sizes)
    urls: dict[tuple[str, int], str] = {}
    with ExitStack() as stack:
        # ---------------------------------------------------------------- databases
        frames = {}
        for rows in sizes:
            t = time.perf_counter()
            frames[rows] = observations(rows)
            results["setup"][f"generate {size_label(rows)}"] = time.perf_counter() - t
            if "sqlite" in backends:
                t = time.perf_counter()
                path = write_sqlite(WORKDIR / f"large-{size_label(rows).lower()}.sqlite", rows, frames[rows], log=log)
                results["setup"][f"sqlite {size_label(rows)}"] = time.perf_counter() - t
                urls[("sqlite", rows)] = f"sqlite:///{path}"
        if "postgresql" in backends:
            from devtools.postgres import postgres_available, postgres_server

            if not postgres_available():
                log("PostgreSQL is not installed: its figures are skipped")
                backends.remove("postgresql")
            else:
                admin = stack.enter_context(postgres_server())
                for rows in sizes:
                    t = time.perf_counter()
                    urls[("postgresql", rows)] = write_postgres(admin, rows, frames[rows], log=log)
                    results["setup"][f"postgresql {size_label(rows)}"] = time.perf_counter() - t

        # ---------------------------------------------------------------- 1. data layer
        note_load("before data")
        if "data" in only:
            from bench import data_layer
            from data_access.db import create_db_engine

            for backend in backends:
                for rows in sizes:
                    engine = create_db_engine(urls[(backend, rows)])
                    try:
                        results["data"].append(data_layer.measure(
                            backend, size_label(rows), engine, frames[rows], repeats=repeats,
                            pandas_repeats=3 if not args.quick else 2,
                        ))
                    finally:
                        engine.dispose()
        frames.clear()

        # ---------------------------------------------------------------- 2. app (AppTest)
        note_load("before app")
        expected = {"forside": 15, "et-vaerdigt-liv": 3}
        ref_points = {"forside": 180, "et-vaerdigt-liv": 39}
        if {"app", "browser", "concurrency"} & only:  # the browser figures take chart counts from AppTest
            for backend in backends if "app" in only else [args.app_backend]:
                log(f"[app] AppTest on {backend} {size_label(largest)}")
                rows_ = run_apptest(urls[(backend, largest)], 3 if not args.quick else 1, backend)
                results["apptest"][backend] = rows_
                for row in rows_:
                    if row["page"] in expected and "charts" in row:
                        expected[row["page"]] = row["charts"]
                        ref_points[row["page"]] = max(row["points"], 1)
        app_url = urls.get((args.app_backend, largest)) or urls[(backends[0], largest)]
        results["app_backend"] = args.app_backend if (args.app_backend, largest) in urls else backends[0]
        results["app_size"] = size_label(largest)  # the app figures' database (with --update, not sizes[-1])
        first = first_year(largest)

        # ---------------------------------------------------------------- 3. browser
        note_load("before browser")
        if "browser" in only:
            from bench import browser

            results["browser"] = browser.page_timings(
                database_url=app_url, first_year=first, expected=expected, ref_points=ref_points,
                warm_repeats=3 if not args.quick else 2, cold_starts=2 if not args.quick else 1,
                districts=(3, 5, 8) if not args.quick else (3,),
            )

        # ---------------------------------------------------------------- 4. concurrency
        note_load("before concurrency")
        if "concurrency" in only:
            from bench import browser

            results["concurrency"] = browser.concurrency(
                database_url=app_url, first_year=first, levels=levels, expected=expected,
            )

        # ---------------------------------------------------------------- 4b. sessions without browsers
        if "sessions" in only:
            note_load("before sessions")
            from bench import ws_sessions

            results["sessions"] = ws_sessions.concurrency(database_url=app_url, first_year=first, levels=levels)

    note_load("end")
    results["runtime_s"] = time.perf_counter() - started
    # Where each figure comes from (with --update, figures of several runs share the file).
    loads = [val for _, val in load]
    ran = {"data": "data", "app": "app", "browser": "browser", "concurrency": "concurrency", "sessions": "sessions"}
    for section in (s for s in ran if s in only):
        results.setdefault("provenance", {})[section] = dict(
            measured=results["started"], head=results["git"]["head"], dirty=results["git"]["dirty"],
            app_from=results["git"]["app_from"], load=f"{min(loads):.1f}–{max(loads):.1f}",
            run_min=round(results["runtime_s"] / 60, 1),
        )
    (WORKDIR / "results.json").write_text(json.dumps(results, indent=1, default=str))
    from bench.report import write_report

    write_report(results, args.out)
    log(f"done in {results['runtime_s'] / 60:.1f} min: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
