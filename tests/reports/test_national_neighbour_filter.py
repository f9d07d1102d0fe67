"""The national overview filters by a council's statistical-neighbour group (the council and its ten
neighbours, from the DfE's list), kept in the URL."""

import re

from dfe.services import release_import
from tests.dfe.conftest import fixture_bytes
from tests.factories import CouncilFactory


def test_staff_filter_the_overview_to_a_councils_neighbour_group(staff_client, db):
    release_import(data=fixture_bytes("la_codes.csv"), file_name="la_codes.csv", user=None)
    release_import(data=fixture_bytes("sn_may_2025.xlsx"), file_name="sn_may_2025.xlsx", user=None)
    # Rutland's first neighbours in the DfE's list are Wiltshire and North Yorkshire; Stockton is not one.
    html = staff_client.get("/national/", {"neighbours_of": "rutland"}).content.decode()
    assert "Rutland and its neighbours" in html
    table = html[html.index('id="results"') :]
    assert "11 councils match these filters" in table
    assert 'href="/councils/rutland/"' in table and 'href="/councils/wiltshire/"' in table
    assert 'href="/councils/north-yorkshire/"' in table
    assert 'href="/councils/stockton-on-tees/"' not in table


def test_an_unknown_group_in_the_url_filters_nothing(staff_client, db):
    CouncilFactory(slug="somewhere")
    html = staff_client.get("/national/", {"neighbours_of": "nowhere"}).content.decode()
    assert "match these filters" not in html


def import_extracts():
    for name in ("la_codes.csv", "ehcp_2025_extract.zip"):
        release_import(data=fixture_bytes(name), file_name=name, user=None)


def measure_cells(html: str) -> list[tuple[str, str]]:
    """(council, the measure's cell) of each row, in the table's order."""
    table = html[html.index('id="results"') :]
    rows = re.findall(
        r'<tr[^>]*>\s*<td[^>]*><a class="govuk-link" href="/councils/[^"]+/">([^<]+)</a>.*?</tr>', table, re.S
    )
    cells = re.findall(r'<tr[^>]*>\s*<td[^>]*><a class="govuk-link".*?</tr>', table, re.S)
    return [
        (name, re.findall(r"<td[^>]*>(.*?)</td>", cell, re.S)[1])
        for name, cell in zip(rows, cells, strict=True)
    ]


def test_staff_add_a_benchmarking_measure_and_sort_by_it(staff_client, db):
    import_extracts()
    # Five-year growth in EHC plans, January 2020 -> 2025, from the DfE's caseload rows (by hand: Rutland
    # 376 / 222 - 1 = 69.4%, Stockton-on-Tees 2,442 / 1,548 - 1 = 57.8%,
    # Warwickshire 6,868 / 4,299 - 1 = 59.8%).
    html = staff_client.get("/national/", {"measure": "plans_growth_5y", "sort": "-measure"}).content.decode()
    assert "Growth in EHC plans over five years, January 2025" in html
    assert "match these filters" not in html  # a measure adds a column; it filters nothing
    cells = measure_cells(html)
    by_name = dict(cells)
    assert by_name["Rutland"] == "69.4%" and by_name["Stockton-on-Tees"] == "57.8%"
    assert by_name["Warwickshire"] == "59.8%"
    figures = [c for _, c in cells if c.endswith("%")]
    values = [float(c.rstrip("%").replace("−", "-")) for c in figures]
    assert values == sorted(values, reverse=True) and len(values) >= 3
    # Councils without a figure say so, after every council with one.
    assert cells[len(figures)][1] == "no figure" and all(c == "no figure" for _, c in cells[len(figures) :])
    ascending = measure_cells(
        staff_client.get("/national/", {"measure": "plans_growth_5y", "sort": "measure"}).content.decode()
    )
    ascending_values = [c for _, c in ascending if c.endswith("%")]
    assert ascending_values == sorted(ascending_values, key=lambda c: float(c.rstrip("%")))


def test_without_a_measure_there_is_no_measure_column_and_an_unknown_one_is_refused(staff_client, db):
    import_extracts()
    html = staff_client.get("/national/").content.decode()
    assert "Growth in EHC plans over five years" not in html[html.index('id="results"') :]
    html = staff_client.get("/national/", {"measure": "nonsense"}).content.decode()
    assert "Select a valid choice" in html
