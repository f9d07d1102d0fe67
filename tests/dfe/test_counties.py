"""Counties from their districts, by the ONS's own lookup (dfe/data/ltla_to_utla_december_2022.csv)."""

from decimal import Decimal

from dfe.readers.common import Figure, Value
from dfe.readers.counties import districts_of_counties, with_counties

WARWICKSHIRE = ("E07000218", "E07000219", "E07000220", "E07000221", "E07000222")


def fig(gss, value, *, line=1, series="population_0_25", period="2024"):
    return Figure("", gss, f"District {gss}", series, period, Value(Decimal(value)), "snpp.csv", line)


def test_the_lookup_knows_warwickshire_and_its_five_districts():
    assert districts_of_counties()["E10000031"] == ("Warwickshire", WARWICKSHIRE)
    assert "E06000017" not in districts_of_counties()  # Rutland is a unitary authority: no districts


def test_a_county_is_the_sum_of_all_its_districts_and_they_are_used_up():
    figures = [fig(code, 1000 * (i + 1), line=10 + i) for i, code in enumerate(WARWICKSHIRE)]
    figures.append(fig("E06000017", 7))
    out = list(with_counties(figures))
    assert [(f.gss_code, f.la_name, f.value.number, f.line) for f in out] == [
        ("E06000017", "District E06000017", Decimal(7), 1),
        ("E10000031", "Warwickshire", Decimal(15000), 10),
    ]


def test_each_series_and_year_is_summed_on_its_own():
    figures = [fig(c, 1, period="2024") for c in WARWICKSHIRE] + [
        fig(c, 2, period="2025") for c in WARWICKSHIRE
    ]
    out = {f.period: f.value.number for f in with_counties(figures)}
    assert out == {"2024": 5, "2025": 10}


def test_a_county_with_a_district_missing_is_not_made_up_from_the_others():
    figures = [fig(code, 1000) for code in WARWICKSHIRE[:4]]
    out = list(with_counties(figures))
    assert {f.gss_code for f in out} == set(WARWICKSHIRE[:4])  # left as they are: the import names them


def test_a_file_that_has_the_county_itself_keeps_its_own_figure():
    figures = [fig(code, 1000) for code in WARWICKSHIRE] + [fig("E10000031", 4999)]
    out = [f for f in with_counties(figures) if f.gss_code == "E10000031"]
    assert [f.value.number for f in out] == [4999]
