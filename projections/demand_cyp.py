"""The DSG management plan's children-and-young-people tables: EHC plans per placement group by age group,
actual censuses from the DfE's SEN2 figures and forecast censuses from the demand model; and all plans by
primary need.

Each cell is rounded from the unrounded figure (the model's expectation), never summed from rounded cells;
where the rounded parts of a row do not add up to its rounded total, the row says so (the template's own
convention). Primary need is not a dimension of the model (the DfE publishes need for all plans, not by age
or setting): the forecast holds each need's share of all plans at the latest census, and says so.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from projections.demand import GROUP_KEYS, GROUPS
from projections.demand_calibration import History

AGE_GROUPS: list[tuple[str, int, int]] = [
    ("Under 5", 0, 4),
    ("5 to 10", 5, 10),
    ("11 to 15", 11, 15),
    ("16 to 19", 16, 19),
    ("20 to 25", 20, 25),
]
ROUNDING_NOTE = "Rounded: the parts do not add up to the total."


@dataclass
class CypRow:
    census: int  # January of
    basis: str  # "Actual (DfE SEN2)" or "Forecast (demand model, …)"
    group: str
    cells: list[int]  # one per age group
    total: int
    note: str = ""


def _row(census: int, basis: str, group: str, by_age: np.ndarray) -> CypRow:
    """by_age: [26] unrounded plans at each age."""
    parts = [float(by_age[low : high + 1].sum()) for _, low, high in AGE_GROUPS]
    cells = [int(round(p)) for p in parts]
    total = int(round(float(by_age.sum())))
    return CypRow(census, basis, group, cells, total, ROUNDING_NOTE if sum(cells) != total else "")


def cyp_by_age_group(
    *, history: History, stock: np.ndarray, years: list[int], scenario_label: str
) -> list[CypRow]:
    """Rows per census × placement group (and all plans): the censuses the DfE published by age and
    setting up to the model's last year, then the model's censuses the DfE has not published. ``stock``: the
    model's [years, 26, 7] expectation for census ``years`` (the first is the origin)."""
    rows: list[CypRow] = []
    # Every census the DfE published up to the model's last year is shown as actual (with a council's own
    # transitions the model may start before the DfE's latest census); the model fills the years after.
    actual_years = sorted(y for y in history.stock_by_age if y <= years[-1])
    for year in actual_years:
        grid = np.asarray(history.stock_by_age[year], dtype=float)
        rows += _rows_for(year, "Actual (DfE SEN2)", grid)
    for t, year in enumerate(years):
        if year in history.stock_by_age:
            continue  # the origin census is the DfE's: shown as actual
        rows += _rows_for(year, f"Forecast ({scenario_label})", stock[t])
    return rows


def _rows_for(year: int, basis: str, grid: np.ndarray) -> list[CypRow]:
    rows = [_row(year, basis, GROUPS[key], grid[:, g]) for g, key in enumerate(GROUP_KEYS)]
    rows.append(_row(year, basis, "All EHC plans", grid.sum(axis=1)))
    return rows


@dataclass
class NeedRow:
    need: str
    actual: int | None  # at the latest census
    forecast: list[int]  # per forecast census: that census's total × the need's latest share


def cyp_by_need(
    *, needs: dict[str, float], totals: np.ndarray, years: list[int]
) -> tuple[int | None, list[int], list[NeedRow]]:
    """(census of the needs, forecast censuses, rows) — ``needs``: the latest census's plans per need label;
    ``totals``: the model's expected plans in all at each of ``years`` (the first is the needs' census)."""
    known = sum(needs.values())
    if not known:
        return None, [], []
    forecast_years = years[1:]
    rows = [
        NeedRow(
            label,
            int(round(count)),
            [int(round(count / known * float(totals[t]))) for t in range(1, len(years))],
        )
        for label, count in needs.items()
    ]
    return years[0], forecast_years, rows
