"""Large databases of the sample's shape, for the benchmarks: 100 k to 5 M observation rows.

    python -m bench.generate_large --rows 5m --sqlite /tmp/socialstrategi-bench/large-5m.sqlite
    python -m bench.generate_large --rows 1m --postgres postgresql+psycopg://postgres@127.0.0.1:5432/bench

The shape is the sample's: every indicator of the registry with its own frequency (yearly,
quarterly 2023-2025) and its own breakdowns (10 districts, ~300 organisational units, 10 target
groups), numerator/denominator/base_count for ratios, value for sums, value and weight for
weighted means, provenance "sample", and one row per cell (the models' unique key on indicator,
period, district, unit and group holds). Rows are spread over the indicators in proportion to their
breakdown grid, so the district x unit x group indicators hold most of them, as in the sample.
Yearly indicators cover 2014-2025 like the sample while the rows fit that grid (up to ~2.3 M rows);
beyond it, history goes further back (5 M rows: 1999-2025, the grid ~99 % full). Rows are stored
in load order: period by period, as yearly and quarterly imports append them.

Deterministic: one seeded numpy generator, a fixed order. Built with polars and bulk-loaded:
SQLite with executemany inside one transaction (journal_mode=OFF, synchronous=OFF), PostgreSQL with
COPY; the observation indexes are dropped for the load and built after it, then ANALYZE (VACUUM
ANALYZE on PostgreSQL, so index-only scans work at once).

The registry tables come from `data_access.setup.init_database`, unchanged.
The ~300 leaf units are generated below the real centres; populations are the sample's real figures.
"""

from __future__ import annotations

import argparse
import io
import sqlite3
import time
from datetime import date
from pathlib import Path

import numpy as np
import polars as pl
from sqlalchemy import Engine, delete, insert, inspect, select, text

from data_access import models
from data_access.db import create_db_engine
from data_access.setup import init_database
from registry import Indicator, load_registry

GENERATOR_VERSION = "4"
SEED = 20250107
LAST_YEAR = 2025
MIN_YEARS = 12  # 2014-2025, as the sample; more history when the rows need it
QUARTER_YEARS = range(2023, 2026)
DISTRICTS = tuple(range(1, 11))
# Leaf units per real centre of Socialforvaltningen (300 in all), roughly by the centres' size.
UNITS_PER_CENTRE = {"BBU": 70, "BCH": 70, "BCV": 60, "CRBK": 30, "DSD": 10, "HUE": 40, "BSA": 20}
OBS_COLUMNS = (
    "indicator_code", "period", "district_code", "unit_code", "group_code",
    "numerator", "denominator", "value", "base_count", "provenance", "source",
)
OBS_SCHEMA = {
    "indicator_code": pl.Utf8, "period": pl.Date, "district_code": pl.Int64, "unit_code": pl.Utf8,
    "group_code": pl.Utf8, "numerator": pl.Float64, "denominator": pl.Float64, "value": pl.Float64,
    "base_count": pl.Int64, "provenance": pl.Utf8, "source": pl.Utf8,
}


def parse_rows(text_: str) -> int:
    """'100k' -> 100_000, '5m' -> 5_000_000, '250000' -> 250_000."""
    raw = text_.strip().lower().replace("_", "")
    factor = {"k": 1_000, "m": 1_000_000}.get(raw[-1:], 1)
    number = raw[:-1] if factor > 1 else raw
    return int(float(number) * factor)


def size_label(rows: int) -> str:
    if rows % 1_000_000 == 0:
        return f"{rows // 1_000_000}M"
    if rows % 1_000 == 0:
        return f"{rows // 1_000}k"
    return str(rows)


def _schema_digest() -> str:
    """A short hash of the tables and indexes the models define, so a schema change rebuilds a kept file."""
    import hashlib

    from sqlalchemy.dialects import postgresql, sqlite
    from sqlalchemy.schema import CreateIndex, CreateTable
    from sqlmodel import SQLModel

    parts = []
    for table in SQLModel.metadata.sorted_tables:
        for dialect in (sqlite.dialect(), postgresql.dialect()):
            parts.append(str(CreateTable(table).compile(dialect=dialect)))
            parts += sorted(f"{ix._ddl_if}:{CreateIndex(ix).compile(dialect=dialect)}" for ix in table.indexes)
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:12]


def fingerprint(rows: int) -> str:
    return f"bench-large-v{GENERATOR_VERSION}-seed{SEED}-{rows}-schema{_schema_digest()}"


# ---------------------------------------------------------------- the frames


def leaf_units() -> pl.DataFrame:
    """~300 generated leaf units below the real centres (codes like BBU001, distinct from the sample's)."""
    reg = load_registry()
    names = {u.code: u.name for u in reg.org_units}
    rows = [
        (f"{centre}{i:03d}", f"{names[centre]} – Enhed {i:03d}", centre)
        for centre, count in UNITS_PER_CENTRE.items()
        for i in range(1, count + 1)
    ]
    return pl.DataFrame(rows, schema={"code": pl.Utf8, "name": pl.Utf8, "parent_code": pl.Utf8}, orient="row")


def _periods(ind: Indicator, first_year: int) -> list[date]:
    if ind.frequency == "quarter":
        return [date(y, m, 1) for y in QUARTER_YEARS for m in (1, 4, 7, 10)]
    return [date(y, 1, 1) for y in range(first_year, LAST_YEAR + 1)]


def _grid(ind: Indicator, units: list[str], groups: list[str], first_year: int) -> tuple[list, list, list, list]:
    periods = _periods(ind, first_year)
    districts = list(DISTRICTS) if ind.has_breakdown("district") else [None]
    unit_codes = units if ind.has_breakdown("unit") else [None]
    group_codes = groups if ind.has_breakdown("group") else [None]
    return periods, districts, unit_codes, group_codes


def _allocate(total: int, grids: dict[str, tuple[int, int]]) -> dict[str, int]:
    """Rows per indicator: each its coarse grid (periods x districts x groups) at least, the rest by
    grid size; never more than its grid (one row per cell)."""
    minimum = {code: min(coarse, full) for code, (full, coarse) in grids.items()}
    rest = max(total - sum(minimum.values()), 0)
    full_total = sum(full - minimum[code] for code, (full, _) in grids.items())
    out = {code: minimum[code] + (rest * (full - minimum[code])) // full_total for code, (full, _) in grids.items()}
    # Give the rounding remainder to the largest grids with room, in a fixed order.
    short = total - sum(out.values())
    for code in sorted(grids, key=lambda c: (-grids[c][0], c)):
        room = grids[code][0] - out[code]
        take = min(room, short)
        out[code] += take
        short -= take
    if short > 0:
        raise ValueError(f"{total} rows do not fit in the grid")
    return out


def _or_nulls(values, n: int) -> pl.Series:
    if values is not None:
        return pl.Series(values, dtype=pl.Float64)
    return pl.Series([None], dtype=pl.Float64).gather(np.zeros(n, dtype=np.int64))


def _grids(first_year: int, units: list[str], groups: list[str]) -> dict[str, tuple[int, int]]:
    """Per indicator: (cells in its grid, cells in its grid without the unit breakdown)."""
    out = {}
    for ind in load_registry().indicators:
        periods, districts, unit_codes, group_codes = _grid(ind, units, groups, first_year)
        out[ind.code] = (
            len(periods) * len(districts) * len(unit_codes) * len(group_codes),
            len(periods) * len(districts) * len(group_codes),
        )
    return out


def first_year(rows: int) -> int:
    """2014 (as the sample) unless the rows need more history to stay one row per cell."""
    units = leaf_units()["code"].to_list()
    groups = [g.code for g in load_registry().target_groups]
    first = LAST_YEAR - MIN_YEARS + 1
    while sum(full for full, _ in _grids(first, units, groups).values()) < rows:
        first -= 1
    return first


def observations(rows: int, seed: int = SEED) -> pl.DataFrame:
    """`rows` observation rows of every indicator, one per cell, deterministic for (rows, seed)."""
    reg = load_registry()
    units = leaf_units()["code"].to_list()
    groups = [g.code for g in reg.target_groups]
    first = first_year(rows)
    per_indicator = _allocate(rows, _grids(first, units, groups))
    rng = np.random.default_rng(seed)
    frames = []
    for k, ind in enumerate(reg.indicators):
        n = per_indicator[ind.code]
        periods, districts, unit_codes, group_codes = _grid(ind, units, groups, first)
        n_p, n_d, n_u, n_g = len(periods), len(districts), len(unit_codes), len(group_codes)
        j = np.arange(n, dtype=np.int64)
        # Period varies fastest, so every period gets the same number of rows; the other keys are
        # spread evenly (and without repeats) over the rest of the grid.
        p_idx = j % n_p
        slots = -(-n // n_p)
        rest_cells = n_d * n_u * n_g
        r = (j // n_p) * rest_cells // slots
        d_idx = r % n_d
        r = r // n_d
        g_idx = r % n_g
        u_idx = r // n_g
        year = np.array([p.year for p in periods])[p_idx]
        district_code = np.array([0 if d is None else d for d in districts])[d_idx]
        trend = (year - first) / max(LAST_YEAR - first, 1)
        level = 0.25 + 0.5 * ((k * 37) % 11) / 10  # a fixed level per indicator
        shift = 0.04 * (district_code - 5.5) / 4.5 if ind.has_breakdown("district") else 0.0
        numerator = denominator = value = None
        if ind.rule == "ratio":
            den = rng.integers(1, 41, size=n)
            p = np.clip(level + 0.06 * trend + shift, 0.02, 0.98)
            num = rng.binomial(den, p)
            numerator, denominator, base = num.astype(np.float64), den.astype(np.float64), den
        elif ind.rule == "sum":
            lam = 3.0 + 20.0 * level * (1 + 0.3 * trend)
            cnt = rng.poisson(lam, size=n)
            value = cnt.astype(np.float64) if ind.unit != "fte" else np.round(cnt * 0.7, 1)
            base = np.ceil(value).astype(np.int64)
        else:  # weighted_mean
            base = rng.integers(1, 31, size=n)
            value = np.round(rng.gamma(4.0, 25.0 * (1 + 0.4 * trend), size=n), 1)
        frame = pl.DataFrame(
            {
                "indicator_code": pl.Series([ind.code] * n, dtype=pl.Utf8),
                "period": pl.Series(periods, dtype=pl.Date).gather(p_idx),
                "district_code": pl.Series(districts, dtype=pl.Int64).gather(d_idx),
                "unit_code": pl.Series(unit_codes, dtype=pl.Utf8).gather(u_idx),
                "group_code": pl.Series(group_codes, dtype=pl.Utf8).gather(g_idx),
                "numerator": _or_nulls(numerator, n),
                "denominator": _or_nulls(denominator, n),
                "value": _or_nulls(value, n),
                "base_count": base.astype(np.int64),
            }
        ).with_columns(
            pl.lit("sample").alias("provenance"),
            pl.lit(f"{ind.source} (eksempeldata)").alias("source"),
        )
        frames.append(frame.cast(OBS_SCHEMA))
    out = pl.concat(frames)
    # Load order: period by period (as the imports append them), indicators in registry order.
    order = {ind.code: i for i, ind in enumerate(reg.indicators)}
    return (
        out.with_columns(pl.col("indicator_code").replace_strict(order, return_dtype=pl.Int32).alias("_ord"))
        .sort("period", "_ord", maintain_order=True)
        .drop("_ord")
    )


# ---------------------------------------------------------------- writing


def _observation_indexes():
    return list(models.Observation.__table__.indexes)


def _write_small_tables(engine: Engine, rows: int) -> None:
    init_database(engine, kind="sample")  # the registry's dimensions and the real district populations
    with engine.begin() as conn:
        conn.execute(insert(models.OrgUnit), leaf_units().to_dicts())


def _finish(engine: Engine, rows: int) -> None:
    with engine.begin() as conn:
        # init_database wrote its own kind and fingerprint: these replace them
        conn.execute(delete(models.BUILD_INFO).where(models.BUILD_INFO.c.key.in_(("fingerprint", "kind"))))
        conn.execute(
            insert(models.BuildInfo),
            [
                dict(key="fingerprint", value=fingerprint(rows)),
                dict(key="data_updated", value=date(2026, 1, 1).isoformat()),
                dict(key="kind", value="sample"),
                dict(key="rows", value=str(rows)),
            ],
        )


def holds_rows(db_url: str, rows: int) -> bool:
    """Whether the database at `db_url` already holds exactly this generator's data of `rows` rows."""
    engine = create_db_engine(db_url)
    try:
        return stored_fingerprint(engine) == fingerprint(rows)
    finally:
        engine.dispose()


def stored_fingerprint(engine: Engine) -> str | None:
    try:
        with engine.connect() as conn:
            stmt = select(models.BuildInfo.value).where(models.BuildInfo.key == "fingerprint")
            return conn.execute(stmt).scalar()
    except Exception:
        return None


def write_sqlite(path: Path, rows: int, frame: pl.DataFrame | None = None, *, log=print) -> Path:
    """Build the SQLite file at `path` (atomically), unless it already holds this exact data."""
    path = Path(path)
    if path.exists() and holds_rows(f"sqlite:///{path}", rows):
        log(f"  SQLite {size_label(rows)}: reusing {path}")
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.unlink(missing_ok=True)
    started = time.perf_counter()
    frame = observations(rows) if frame is None else frame
    engine = create_db_engine(f"sqlite:///{tmp}")
    try:
        _write_small_tables(engine, rows)
        engine.dispose()
        con = sqlite3.connect(tmp, isolation_level=None)
        con.execute("PRAGMA journal_mode=OFF")
        con.execute("PRAGMA synchronous=OFF")
        con.execute("PRAGMA cache_size=-262144")  # 256 MB while loading
        for index in _observation_indexes():
            con.execute(f'DROP INDEX IF EXISTS "{index.name}"')
        cols = ", ".join(OBS_COLUMNS)
        marks = ", ".join("?" * len(OBS_COLUMNS))
        rows_frame = frame.select(OBS_COLUMNS).with_columns(pl.col("period").dt.to_string("%Y-%m-%d"))
        con.execute("BEGIN")
        for chunk in rows_frame.iter_slices(200_000):
            con.executemany(f"INSERT INTO observation ({cols}) VALUES ({marks})", chunk.iter_rows())
        con.execute("COMMIT")
        con.close()
        engine = create_db_engine(f"sqlite:///{tmp}")
        for index in _observation_indexes():
            index.create(engine)
        with engine.begin() as conn:
            conn.execute(text("ANALYZE"))
        _finish(engine, rows)
    finally:
        engine.dispose()
    tmp.replace(path)
    log(f"  SQLite {size_label(rows)}: built {path} in {time.perf_counter() - started:.1f} s")
    return path


def write_postgres(url: str, rows: int, frame: pl.DataFrame | None = None, *, log=print) -> str:
    """Create (or reuse) database bench_<size> on the server of `url` and fill it; returns its URL."""
    from sqlalchemy import create_engine

    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    name = f"bench_{size_label(rows).lower()}_v{GENERATOR_VERSION}"
    db_url = admin.url.set(database=name).render_as_string(hide_password=False)
    try:
        with admin.connect() as conn:
            exists = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).scalar()
        if exists:
            if holds_rows(db_url, rows):
                log(f"  PostgreSQL {size_label(rows)}: reusing database {name}")
                return db_url
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()
    started = time.perf_counter()
    frame = observations(rows) if frame is None else frame
    engine = create_db_engine(db_url)
    try:
        _write_small_tables(engine, rows)
        raw = engine.raw_connection()
        try:
            cur = raw.cursor()
            for index in _observation_indexes():
                cur.execute(f'DROP INDEX IF EXISTS "{index.name}"')
            # The generated rows are consistent by construction; skip the per-row FK triggers.
            cur.execute("SET session_replication_role = replica")
            cols = ", ".join(OBS_COLUMNS)
            with cur.copy(f"COPY observation ({cols}) FROM STDIN WITH (FORMAT csv)") as copy:
                for chunk in frame.select(OBS_COLUMNS).iter_slices(250_000):
                    buf = io.BytesIO()
                    chunk.write_csv(buf, include_header=False)
                    copy.write(buf.getvalue())
            cur.execute("SET session_replication_role = origin")
            raw.commit()
        finally:
            raw.close()
        for index in _observation_indexes():
            index.create(engine)
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
        _finish(engine, rows)
    finally:
        engine.dispose()
    log(f"  PostgreSQL {size_label(rows)}: built database {name} in {time.perf_counter() - started:.1f} s")
    return db_url


def table_has_index(engine: Engine, name: str) -> bool:
    return any(ix["name"] == name for ix in inspect(engine).get_indexes("observation"))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", default="1m", help="e.g. 100k, 1m, 5m")
    parser.add_argument("--sqlite", type=Path, help="SQLite file to write")
    parser.add_argument("--postgres", help="SQLAlchemy URL of a PostgreSQL server (a database bench_<size> is made)")
    args = parser.parse_args(argv)
    rows = parse_rows(args.rows)
    if not args.sqlite and not args.postgres:
        parser.error("give --sqlite PATH and/or --postgres URL")
    started = time.perf_counter()
    frame = observations(rows)
    print(f"generated {frame.height:,} rows in {time.perf_counter() - started:.1f} s")
    if args.sqlite:
        write_sqlite(args.sqlite, rows, frame)
    if args.postgres:
        print(write_postgres(args.postgres, rows, frame))


if __name__ == "__main__":
    main()
