"""Figure 1, the data layer: one indicator, all districts, all years, aggregated by its rule.

Three ways to the same 120 numbers (12 years x 10 districts), timed in the same run:

* project  - `fetch_level_sums(engine=…, indicator=…, by=("period", "district_code"))` + the reading rule + `finalize`
             (GROUP BY in the database, ~120 rows leave it);
* limit    - polars on the whole observation table already in memory: filter the indicator,
             `sum_cells` + `finalize` (what no database round trip can beat);
* pandas   - the common way: `pandas.read_sql` of the indicator's rows (only the needed columns),
             `groupby(...).sum()`, the rule applied in pandas.

The project call is also timed with the proposed covering index (see PROPOSED_INDEX), created for
the measurement and dropped after it, so the database stays as the project's models make it.
All three results are checked to agree before any time is reported.
"""

from __future__ import annotations

import pandas as pd
import polars as pl
from sqlalchemy import Engine, text

from bench.common import log
from data_access.queries import fetch_level_sums
from metrics.aggregate import finalize, sum_cells
from metrics.series import view_values
from registry import load_registry

INDICATOR = "S01"  # ratio, survey, district x unit x group: the largest indicator
BY = ("period", "district_code")
PROPOSED_INDEX = "ix_observation_indicator_period_district_cover"
# PostgreSQL: key (indicator, period, district) so the GROUP BY reads the index in order; the other
# columns the aggregation and the unit/group filters read ride along (INCLUDE), for index-only scans.
PG_INDEX_SQL = (
    f"CREATE INDEX {PROPOSED_INDEX} ON observation (indicator_code, period, district_code) "
    "INCLUDE (unit_code, group_code, numerator, denominator, value, base_count, provenance)"
)
# SQLite has no INCLUDE: the same columns as trailing key columns make the index covering.
SQLITE_INDEX_SQL = (
    f"CREATE INDEX {PROPOSED_INDEX} ON observation (indicator_code, period, district_code, "
    "unit_code, group_code, numerator, denominator, value, base_count, provenance)"
)


def project_call(engine: Engine, code: str = INDICATOR) -> pl.DataFrame:
    ind = load_registry().indicator(code)
    return view_values(fetch_level_sums(engine=engine, indicator=code, by=BY), ind)


def polars_limit(frame: pl.DataFrame, code: str = INDICATOR) -> pl.DataFrame:
    ind = load_registry().indicator(code)
    return finalize(sum_cells(frame.filter(pl.col("indicator_code") == code), list(BY)), ind)


def pandas_way(engine: Engine, code: str = INDICATOR) -> pd.DataFrame:
    ind = load_registry().indicator(code)
    df = pd.read_sql(
        text(
            "SELECT period, district_code, numerator, denominator, value, base_count, provenance "
            "FROM observation WHERE indicator_code = :code"
        ),
        engine,
        params={"code": code},
    )
    df["weighted"] = df["value"] * df["base_count"]
    out = df.groupby(["period", "district_code"], as_index=False).agg(
        numerator=("numerator", "sum"), denominator=("denominator", "sum"), value_sum=("value", "sum"),
        weighted_sum=("weighted", "sum"), base_count=("base_count", "sum"), n_cells=("numerator", "size"),
    )
    if ind.rule == "ratio":
        out["value"] = out["numerator"] / out["denominator"] * (100.0 if ind.unit == "pct" else 1.0)
    elif ind.rule == "sum":
        out["value"] = out["value_sum"]
    else:
        out["value"] = out["weighted_sum"] / out["base_count"]
    return out.sort_values(["period", "district_code"]).reset_index(drop=True)


def _check_same(project: pl.DataFrame, limit: pl.DataFrame, pandas: pd.DataFrame) -> None:
    a = project.sort(list(BY))["value"].to_list()
    b = limit.sort(list(BY))["value"].to_list()
    c = pandas["value"].to_list()
    if not (len(a) == len(b) == len(c)) or any(abs(x - y) > 1e-9 or abs(x - z) > 1e-9 for x, y, z in zip(a, b, c)):
        raise AssertionError(f"the three ways disagree: {a[:3]} / {b[:3]} / {c[:3]}")


def plan(engine: Engine, code: str = INDICATOR) -> str:
    """The database's plan for the project's query, compressed to one line."""
    from sqlalchemy.dialects import postgresql, sqlite

    import data_access.queries as q

    captured = {}

    class Spy:
        def __init__(self, eng):
            self.eng = eng

        def connect(self):
            return SpyConn(self.eng.connect())

    class SpyConn:
        def __init__(self, conn):
            self.conn = conn

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.conn.close()

        def execute(self, stmt):
            captured["stmt"] = stmt
            return self.conn.execute(stmt)

    q.fetch_level_sums(engine=Spy(engine), indicator=code, by=BY)
    dialect = postgresql.dialect() if engine.dialect.name == "postgresql" else sqlite.dialect()
    sql = str(captured["stmt"].compile(dialect=dialect, compile_kwargs={"literal_binds": True}))
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            rows = conn.execute(text("EXPLAIN QUERY PLAN " + sql)).all()
            return "; ".join(r[-1] for r in rows)
        rows = conn.execute(text("EXPLAIN " + sql)).all()
        steps = [r[0].strip().split("  (")[0].lstrip("-> ").strip() for r in rows]
        skip = ("Group Key", "Sort Key", "Workers", "Index Cond", "Filter", "Recheck", "JIT", "Functions", "Options")
        return "; ".join(s for s in steps if s and not s.startswith(skip))


def _create_index(engine: Engine) -> float:
    import time

    sql = PG_INDEX_SQL if engine.dialect.name == "postgresql" else SQLITE_INDEX_SQL
    started = time.perf_counter()
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f"DROP INDEX IF EXISTS {PROPOSED_INDEX}"))
        conn.execute(text(sql))
        conn.execute(text("VACUUM ANALYZE observation" if engine.dialect.name == "postgresql" else "ANALYZE observation"))
    return time.perf_counter() - started


def _drop_index(engine: Engine) -> None:
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f"DROP INDEX IF EXISTS {PROPOSED_INDEX}"))


def _round_robin(fns: dict, repeats: dict[str, int]) -> dict[str, list[float]]:
    """Time the functions in turn (one warm-up each, then a, b, c, a, b, c, ...), so that a load
    change on the machine hits every one of them alike; returns all times per name."""
    import time

    for fn in fns.values():
        fn()
    times: dict[str, list[float]] = {name: [] for name in fns}
    for i in range(max(repeats.values())):
        for name, fn in fns.items():
            if i < repeats[name]:
                started = time.perf_counter()
                fn()
                times[name].append(time.perf_counter() - started)
    return times


def measure(backend: str, size: str, engine: Engine, frame: pl.DataFrame, *, repeats: int,
            pandas_repeats: int, with_index: bool = True) -> dict:
    from statistics import median

    log(f"[data] {backend} {size}: project call, polars limit, pandas (in turn)")
    _drop_index(engine)
    _check_same(project_call(engine), polars_limit(frame), pandas_way(engine))
    plan_as_is = plan(engine)
    times = _round_robin(
        {"project": lambda: project_call(engine), "limit": lambda: polars_limit(frame),
         "pandas": lambda: pandas_way(engine)},
        {"project": repeats, "limit": repeats, "pandas": pandas_repeats},
    )
    out = dict(
        backend=backend, size=size, rows=frame.height,
        indicator_rows=frame.filter(pl.col("indicator_code") == INDICATOR).height,
        project=median(times["project"]), limit=median(times["limit"]), pandas=median(times["pandas"]),
        project_times=times["project"], limit_times=times["limit"], pandas_times=times["pandas"],
        plan=plan_as_is, repeats=repeats, pandas_repeats=pandas_repeats,
    )
    if with_index and ("COVERING" in plan_as_is or "Index Only" in plan_as_is):
        log(f"[data] {backend} {size}: the models' indexes already cover the query; no extra index measured")
        with_index = False
    if with_index:
        log(f"[data] {backend} {size}: project call with the proposed covering index")
        try:
            out["index_build_s"] = _create_index(engine)
            out["plan_indexed"] = plan(engine)
            _check_same(project_call(engine), polars_limit(frame), pandas_way(engine))
            t = _round_robin({"indexed": lambda: project_call(engine), "limit": lambda: polars_limit(frame)},
                             {"indexed": repeats, "limit": repeats})
            out["project_indexed"] = median(t["indexed"])
            out["project_indexed_times"] = t["indexed"]
            out["limit_indexed_run"] = median(t["limit"])
        finally:
            _drop_index(engine)
    return out
