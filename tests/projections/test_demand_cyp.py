"""The management plan's children-and-young-people tables, from the demand model and the DfE's series."""

import numpy as np

from projections.demand import GROUP_KEYS
from projections.demand_calibration import History
from projections.demand_cyp import ROUNDING_NOTE, cyp_by_age_group, cyp_by_need


def grid(value: float) -> np.ndarray:
    return np.full((26, len(GROUP_KEYS)), value)


def test_actual_censuses_come_from_the_dfe_and_forecast_ones_from_the_model():
    history = History(code="1", name="X", stock_by_age={2024: grid(1.0), 2025: grid(2.0)})
    stock = np.stack([grid(2.0), grid(3.0), grid(4.0)])  # the model: 2025 (origin), 2026, 2027
    rows = cyp_by_age_group(
        history=history, stock=stock, years=[2025, 2026, 2027], scenario_label="unmitigated"
    )
    assert [(r.census, r.basis) for r in rows[:: len(GROUP_KEYS) + 1]] == [
        (2024, "Actual (DfE SEN2)"),
        (2025, "Actual (DfE SEN2)"),
        (2026, "Forecast (unmitigated)"),
        (2027, "Forecast (unmitigated)"),
    ]
    first = rows[0]
    assert first.cells == [5, 6, 5, 4, 6] and first.total == 26  # ages 0–4, 5–10, 11–15, 16–19, 20–25
    everyone = rows[len(GROUP_KEYS)]
    assert everyone.group == "All EHC plans" and everyone.total == 26 * len(GROUP_KEYS)


def test_a_model_that_starts_before_the_dfes_latest_census_shows_that_census_as_actual():
    """A council's own transitions end with January 2024; the DfE has published January 2025 since."""
    history = History(code="1", name="X", stock_by_age={2024: grid(1.0), 2025: grid(2.0)})
    stock = np.stack([grid(1.0), grid(3.0), grid(4.0)])  # the model: 2024 (origin), 2025, 2026
    rows = cyp_by_age_group(
        history=history, stock=stock, years=[2024, 2025, 2026], scenario_label="unmitigated"
    )
    assert [(r.census, r.basis) for r in rows[:: len(GROUP_KEYS) + 1]] == [
        (2024, "Actual (DfE SEN2)"),
        (2025, "Actual (DfE SEN2)"),
        (2026, "Forecast (unmitigated)"),
    ]


def test_cells_are_rounded_from_unrounded_figures_and_a_row_that_does_not_add_up_says_so():
    history = History(code="1", name="X")
    stock = np.stack([grid(0.3)])  # 0.3 at every age: parts 1.5, 1.8, 1.5, 1.2, 1.8 of 7.8
    (row, *_) = cyp_by_age_group(history=history, stock=stock, years=[2026], scenario_label="target")
    assert row.cells == [2, 2, 2, 1, 2] and row.total == 8
    assert row.note == ROUNDING_NOTE  # 9 ≠ 8: never forced to add up
    stock = np.stack([grid(1.0)])
    (row, *_) = cyp_by_age_group(history=history, stock=stock, years=[2026], scenario_label="target")
    assert row.note == ""


def test_primary_need_holds_each_needs_latest_share_of_the_models_total():
    census, years, rows = cyp_by_need(
        needs={"Autistic spectrum disorder": 596.0, "Hearing impairment": 30.0},
        totals=np.array([626.0, 700.0, 800.0]),
        years=[2025, 2026, 2027],
    )
    assert census == 2025 and years == [2026, 2027]
    assert [(r.need, r.actual, r.forecast) for r in rows] == [
        ("Autistic spectrum disorder", 596, [666, 762]),  # 596 / 626 × 700 = 666.45; × 800 = 761.66
        ("Hearing impairment", 30, [34, 38]),
    ]
