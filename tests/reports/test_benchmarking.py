"""Each measure computed by hand from the committed real extracts (fixtures/dfe/) for Rutland (857),
Stockton-on-Tees (808) and England, and the comparing rules (ranks, medians, missing figures) on plain data.

The EHC plans figures (June 2025 release), the DSG allocations (2023-24) and the population (the ONS's
2022-based projections, snpp_2022_extract.csv) are real. No real s251 file is committed: the s251 measures
are checked on the labelled sample (s251_outturn_sample.csv), which has the real column set and made-up
amounts."""

from decimal import Decimal
from pathlib import Path

import pytest

from dfe.readers.dsg import read_dsg_allocations
from dfe.readers.population import read_population
from dfe.readers.s251 import read_s251
from dfe.readers.sen2 import read_caseload, read_ceased, read_newplans
from dfe.selectors import Cell
from reports.benchmarking import (
    MEASURE_BY_KEY,
    MEASURES,
    FigureTable,
    Missing,
    periods_for,
    quartiles,
    standing,
    written,
)

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "dfe"
GSS_TO_LA = {"E06000017": "857", "E06000004": "808", "E06000054": "865"}  # the ONS names areas by GSS code


def _figures() -> dict:
    read = [
        (read_caseload, "ehcp_2025/caseload.csv"),
        (read_newplans, "ehcp_2025/newplans.csv"),
        (read_ceased, "ehcp_2025/ceased_plans.csv"),
        (read_dsg_allocations, "dedicated-schools-grant_2024_07_20.ods"),
        (read_s251, "s251_outturn_sample.csv"),
        (read_population, "snpp_2022_extract.csv"),
    ]
    figures = {}
    for reader, name in read:
        for f in reader((FIXTURES / name).read_bytes(), file=name):
            if f.breakdown:
                continue
            code = f.la_code or GSS_TO_LA.get(f.gss_code, f.gss_code)
            figures[(code, f.series, f.period)] = Cell(f.value.number, f.value.symbol)
    return figures


@pytest.fixture(scope="module")
def figures():
    return _figures()


def value(figures, key, code, period):
    return MEASURE_BY_KEY[key].value(figures, code, period)


def test_it_defines_each_measure_once_with_a_formula_and_a_source():
    keys = [m.key for m in MEASURES]
    assert len(keys) == len(set(keys))
    assert all(m.formula and m.source and m.title for m in MEASURES)
    assert len([m for m in MEASURES if m.key.startswith("hn_") and m.key.endswith("_per_head")]) == 9


def test_it_computes_five_year_growth_in_plans_from_the_real_caseload(figures):
    # caseload.csv, "All EHC plans": January 2025 (202425) against January 2020 (201920)
    assert value(figures, "plans_growth_5y", "857", "2025-01") == (Decimal(376) / Decimal(222) - 1) * 100
    assert value(figures, "plans_growth_5y", "808", "2025-01") == (Decimal(2442) / Decimal(1548) - 1) * 100
    assert value(figures, "plans_growth_5y", "E", "2025-01") == (Decimal(638745) / Decimal(390109) - 1) * 100
    rutland = value(figures, "plans_growth_5y", "857", "2025-01")
    assert written(MEASURE_BY_KEY["plans_growth_5y"], rutland) == "69.4%"


def test_it_computes_placement_shares_from_the_real_caseload(figures):
    # January 2025: Rutland 201 mainstream, 78 special, 32 independent + 1 non-maintained, 0 AP, 58 FE of 376
    assert value(figures, "share_mainstream", "857", "2025-01") == Decimal(201) * 100 / 376
    assert value(figures, "share_special", "857", "2025-01") == Decimal(78) * 100 / 376
    assert value(figures, "share_independent", "857", "2025-01") == Decimal(33) * 100 / 376
    assert value(figures, "share_ap", "857", "2025-01") == 0
    assert value(figures, "share_post16", "857", "2025-01") == Decimal(58) * 100 / 376
    # Stockton-on-Tees: 165 independent + 5 non-maintained of 2,442; England: 29,647 + 4,381 of 638,745
    assert value(figures, "share_independent", "808", "2025-01") == Decimal(170) * 100 / 2442
    assert value(figures, "share_independent", "E", "2025-01") == Decimal(34028) * 100 / 638745
    assert value(figures, "share_ap", "E", "2025-01") == Decimal(4858) * 100 / 638745


def test_it_computes_ceased_plans_per_100_held_from_the_real_files(figures):
    # ceased_plans.csv 2024 ÷ caseload.csv January 2024 (202324)
    assert value(figures, "ceased_rate", "857", "2024") == Decimal(47) * 100 / 340
    assert value(figures, "ceased_rate", "808", "2024") == Decimal(121) * 100 / 2080
    assert value(figures, "ceased_rate", "E", "2024") == Decimal(44862) * 100 / 576474


def test_it_computes_the_deficit_share_of_the_real_dsg_from_the_s251_sample(figures):
    # s251 sample (made-up): Rutland 2023-24 line 1.9.3 gross −1,234,567; real DSG 2023-24 total 37,757,313
    assert value(figures, "deficit_share", "857", "2023-24") == Decimal(1234567) * 100 / Decimal(37757313)
    assert value(figures, "deficit_share", "808", "2023-24") == Missing("no figure")


def test_it_divides_spend_by_the_population_of_the_year_before_and_plans_by_the_january_inside(figures):
    # s251 sample: Rutland 2023-24 high needs 5,635,000; ONS: Rutland aged 2-18 in 2022 = 8,126
    assert value(figures, "hn_per_head", "857", "2023-24") == Decimal(5635000) / 8126
    # real caseload: 340 plans in January 2024
    assert value(figures, "hn_per_plan", "857", "2023-24") == Decimal(5635000) / 340
    assert written(MEASURE_BY_KEY["hn_per_plan"], Decimal(5635000) / 340) == "£16,574"


def test_it_computes_plans_and_new_plans_per_head_aged_0_to_25(figures):
    # real January 2024 plans 340 and 2024 new plans 77; ONS: Rutland aged 0-25 in 2024 = 10,794.305
    assert value(figures, "plans_per_1000", "857", "2024-01") == Decimal(340) * 1000 / 10794
    assert value(figures, "new_per_10000", "857", "2024") == Decimal(77) * 10000 / 10794
    # Stockton-on-Tees: 2,080 plans in January 2024; aged 0-25 in 2024: 58,249.801
    assert value(figures, "plans_per_1000", "808", "2024-01") == Decimal(2080) * 1000 / 58250
    assert value(figures, "plans_per_1000", "937", "2024-01") == Missing("no figure")  # a county: no ONS row


def test_it_offers_five_periods_and_only_those_with_five_years_before(figures):
    assert periods_for(MEASURE_BY_KEY["plans_growth_5y"], figures) == ["2024-01", "2025-01"]
    assert periods_for(MEASURE_BY_KEY["share_special"], figures) == [
        "2021-01",
        "2022-01",
        "2023-01",
        "2024-01",
        "2025-01",
    ]


@pytest.mark.parametrize("last", [1, 5])
def test_a_figure_table_offers_the_periods_the_figures_do(figures, last):
    table = FigureTable(figures)
    assert table == figures
    for measure in MEASURES:
        assert periods_for(measure, table, last=last) == periods_for(measure, dict(figures), last=last)
    assert table.periods("no such series") == []


GROUP = [("A", "Alpha"), ("B", "Bravo"), ("C", "Charlie"), ("D", "Delta"), ("X", "X-ray")]


def _plans(values: dict) -> dict:
    out = {}
    for code, v in values.items():
        out[(code, "ehcp_total", "2025-01")] = v if isinstance(v, Cell) else Cell(Decimal(v))
        out[(code, "ehcp_total", "2020-01")] = Cell(Decimal(100))
    return out


def test_it_ranks_the_council_and_takes_the_median_of_the_group_without_missing_figures():
    figures = _plans({"H": 150, "A": 120, "B": 180, "C": 160, "D": Cell(None, "c"), "E": 140})
    result = standing(
        MEASURE_BY_KEY["plans_growth_5y"], figures, "2025-01", council=("H", "Home"), group=GROUP
    )
    assert result.council.value == 50
    assert result.rank == 3 and result.ranked_over == 4
    assert result.position == "3rd highest of 4"
    assert result.median == 60 and result.median_over == 3  # 20, 60, 80: D suppressed, X no figure
    assert (result.lower_quartile, result.upper_quartile) == (40, 70)
    assert result.england == 40
    assert [e.code for e in result.entries] == ["B", "C", "H", "A", "D", "X"]
    assert [str(e.result) for e in result.missing] == ["c", "no figure"]


def test_it_leaves_out_a_council_that_did_not_exist_in_the_year():
    figures = _plans({"H": 150, "A": 120, "B": 180})
    result = standing(
        MEASURE_BY_KEY["plans_growth_5y"],
        figures,
        "2025-01",
        council=("H", "Home"),
        group=GROUP[:2],
        existed=lambda code, period: code != "B",
    )
    assert result.median_over == 1 and result.median == 20
    assert result.position == "highest of 2"
    assert str(result.entries[-1].result) == "did not exist"


def test_it_says_why_a_council_without_a_figure_is_not_ranked():
    figures = _plans({"H": Cell(None, "x"), "A": 120})
    result = standing(
        MEASURE_BY_KEY["plans_growth_5y"], figures, "2025-01", council=("H", "Home"), group=GROUP[:1]
    )
    assert result.rank is None and result.position == "not ranked (x)"


def test_it_gives_the_region_median_over_the_councils_with_figures():
    figures = _plans({"H": 150, "A": 120, "B": 180, "C": 160})
    result = standing(
        MEASURE_BY_KEY["plans_growth_5y"],
        figures,
        "2025-01",
        council=("H", "Home"),
        group=GROUP[:1],
        region=["H", "B", "C", "Z"],
    )
    assert result.region == 60 and result.region_over == 3


def test_it_writes_quartiles_like_a_spreadsheet():
    assert quartiles([Decimal(1), Decimal(2), Decimal(3), Decimal(4)]) == (
        Decimal("1.75"),
        Decimal("2.5"),
        Decimal("3.25"),
    )
    assert quartiles([Decimal(7)]) == (7, 7, 7)
    assert quartiles([]) == (None, None, None)


def test_it_computes_the_share_with_placement_not_recorded_and_says_when_it_was_not_collected(figures):
    # caseload.csv placement_unknown, January 2025: Rutland 1 of 376, England 19,339 of 638,745
    assert value(figures, "share_not_recorded", "857", "2025-01") == Decimal(1) * 100 / 376
    assert value(figures, "share_not_recorded", "E", "2025-01") == Decimal(19339) * 100 / 638745
    assert value(figures, "share_not_recorded", "857", "2022-01") == Missing("x")
