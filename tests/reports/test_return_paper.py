"""The quarterly return's Word paper: a year beyond the current forecast says "Not forecast", as the page
does, rather than a blank cell; with no forecast at all the paragraph above the table says so and the cells
stay blank."""

from reports.return_paper import dbv_rows, figure_rows

FORECAST = {"name": "Autumn", "series": "Target mitigated"}


def _sv_row(year, forecast):
    return {
        "year": year,
        "agreed_excluding": "30000000",
        "agreed_including": "20000000",
        "forecast": forecast,
        "variance": None if forecast is None else "500000",
        "variance_percent": None if forecast is None else "1.7",
        "track": "" if forecast is None else "On track",
    }


def _dbv_row(year, unmitigated):
    return {
        "year": year,
        "allocated": "400000",
        "spent": "250000",
        "avoided": "100000",
        "unmitigated": unmitigated,
        "after_avoidance": None if unmitigated is None else "2900000",
    }


def test_it_says_a_trajectory_year_is_not_forecast():
    rows = figure_rows(
        {"forecast": FORECAST, "rows": [_sv_row("2025-26", "30500000"), _sv_row("2026-27", None)]}
    )
    assert rows == [
        ["2025-26", "£30,000,000", "£20,000,000", "£30,500,000", "+£500,000", "+1.7%", "On track"],
        ["2026-27", "£30,000,000", "£20,000,000", "Not forecast", "", "", ""],
    ]


def test_it_says_a_dbv_year_is_not_forecast():
    rows = dbv_rows(
        {"forecast": FORECAST, "dbv_rows": [_dbv_row("2024-25", "3000000"), _dbv_row("2025-26", None)]}
    )
    assert rows == [
        ["2024-25", "£400,000", "£250,000", "£100,000", "£3,000,000", "£2,900,000"],
        ["2025-26", "£400,000", "£250,000", "£100,000", "Not forecast", ""],
    ]


def test_without_a_forecast_the_cells_stay_blank():
    assert figure_rows({"forecast": None, "rows": [_sv_row("2026-27", None)]})[0][3] == ""
    assert dbv_rows({"forecast": None, "dbv_rows": [_dbv_row("2025-26", None)]})[0][4] == ""
