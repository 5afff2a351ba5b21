from datetime import date

import polars as pl

from metrics.programme import mark_offered, offered_districts


def test_offered_districts_come_from_the_rows():
    sums = pl.DataFrame({"period": [date(2023, 1, 1)] * 3, "district_code": [8, 3, 3]})
    assert offered_districts(sums) == [3, 8]
    assert offered_districts(sums.clear()) == []


def test_rolled_out_to_a_third_district_needs_no_code_change():
    sums = pl.DataFrame({"period": [date(2026, 1, 1)] * 3, "district_code": [3, 8, 5]})
    frame = pl.DataFrame({"district_code": list(range(1, 11))})
    got = mark_offered(frame, offered_districts(sums))
    assert got.filter(pl.col("offered"))["district_code"].to_list() == [3, 5, 8]
