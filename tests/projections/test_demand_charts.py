"""The demand model's charts are valid plotly figures with a data table row per year × group."""

import numpy as np
import plotly.graph_objects as go

from projections.demand_charts import plans_by_group_chart, scenarios_chart


def test_the_group_chart_has_a_band_and_a_line_per_group_and_its_table():
    years = [2025, 2026, 2027]
    central = np.arange(21, dtype=float).reshape(3, 7) + 100
    chart = plans_by_group_chart(
        years, central, central[:, list(range(7)) + [0]] - 10, central[:, list(range(7)) + [0]] + 10
    )
    go.Figure(chart.figure)  # validates
    assert len(chart.figure["data"]) == 7 * 3
    assert len(chart.rows) == 3 * 7
    assert chart.rows[0] == ["January 2025: Mainstream schools", 100, 90, 110]


def test_the_scenario_chart_has_each_scenario():
    years = [2025, 2026]
    totals = {"unmitigated": np.array([10.0, 12.0]), "target": np.array([10.0, 11.0])}
    chart = scenarios_chart(years, totals, np.array([9.0, 10.0]), np.array([11.0, 14.0]))
    go.Figure(chart.figure)
    assert chart.rows[1] == ["January 2026", 10, 14, 12, 11]
