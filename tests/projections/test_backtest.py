"""The rolling-origin backtest on the real series (an extract of the June 2025 release)."""

from pathlib import Path

import pytest

from dfe.readers.sen2_demand import read_demand_zip
from projections.backtest import (
    backtest_all,
    format_table,
    history_from,
    naive_last_growth,
    naive_linear_trend,
    summarise,
)

EXTRACT = Path(__file__).resolve().parents[2] / "fixtures" / "dfe" / "ehcp_2025_demand.zip"


@pytest.fixture(scope="module")
def rows():
    histories = [history_from(a) for a in read_demand_zip(EXTRACT.read_bytes()).values() if a.level == "la"]
    return backtest_all(histories, simulations=100)


def test_the_naive_forecasts_are_what_they_say():
    totals = {2022: 100.0, 2023: 110.0, 2024: 121.0}
    assert naive_last_growth(totals, 2024, 2) == pytest.approx(121 * 1.1**2)
    assert naive_linear_trend({2022: 100.0, 2023: 110.0, 2024: 120.0}, 2024, 3) == pytest.approx(150.0)


def test_every_forecast_compares_with_a_later_census_only(rows):
    assert rows
    assert {r.horizon for r in rows} == {1, 2, 3}
    assert all(r.origin + r.horizon <= 2025 for r in rows)
    assert all(r.p5 <= r.model * 1.05 and r.model <= r.p95 * 1.05 for r in rows)


def test_wiltshire_is_forecast_from_every_origin_it_can_be(rows):
    origins = sorted({r.origin for r in rows if r.code == "865"})
    assert origins == [2020, 2021, 2022, 2023, 2024]
    row = next(r for r in rows if r.code == "865" and r.origin == 2024)
    assert row.actual == 6383


def test_the_summary_has_every_method_and_coverage(rows):
    table = summarise(rows)
    assert [s.horizon for s in table] == [1, 2, 3]
    for s in table:
        assert set(s.median_mape) == {"model", "last_growth", "linear_trend"}
        assert 0 <= s.coverage <= 100
    assert "p5–p95" in format_table(table)


def test_a_forecast_from_an_origin_is_the_same_without_any_later_figure():
    from projections.demand import project
    from projections.demand_calibration import History, calibrate

    full = next(history_from(a) for a in read_demand_zip(EXTRACT.read_bytes()).values() if a.code == "865")
    origin = 2024

    def upto(series: dict, last: int) -> dict:
        return {y: v for y, v in series.items() if y <= last}

    cut = History(
        code=full.code,
        name=full.name,
        stock=upto(full.stock, origin),
        stock_by_age=upto(full.stock_by_age, origin),
        new=upto(full.new, origin - 1),
        new_by_group=upto(full.new_by_group, origin - 1),
        new_by_age=upto(full.new_by_age, origin - 1),
        ceased=upto(full.ceased, origin - 1),
        ceased_by_age=upto(full.ceased_by_age, origin - 1),
        ceased_by_setting=upto(full.ceased_by_setting, origin - 1),
    )
    assert sorted(full.ceased_by_setting) == [2023, 2024]  # 2024's rows are later figures: never read
    a, b = calibrate(full, origin=origin), calibrate(cut, origin=origin)
    paths = [project(stock=f.stock, rates=f.rates, start_year=origin, years=3).totals() for f in (a, b)]
    assert paths[0] == pytest.approx(paths[1])
