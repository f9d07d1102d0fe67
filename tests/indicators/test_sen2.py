"""The SEN2 caseload-by-establishment import, read and applied."""

from decimal import Decimal

import pytest

from indicators.models import Indicator, IndicatorValue, Sen2Measure
from indicators.sen2 import Sen2Extract, Sen2Refused, read_sen2
from indicators.services import IndicatorInputError, sen2_import
from tests.factories import CouncilFactory, PlanFactory, UserFactory
from tests.indicators.conftest import make_indicator
from tests.indicators.sen2_files import COLUMNS, LEICESTER, RUTLAND, good_rows, row, to_csv, year_rows


@pytest.fixture
def rutland(db):
    council = CouncilFactory(name="Rutland", slug="rutland", la_code="857", gss_code="E06000017")
    return PlanFactory(council=council)


def read(data: bytes, la_code="857", gss_code="E06000017"):
    return read_sen2(data, la_code=la_code, gss_code=gss_code, council_name="Rutland")


def figures(extract, year):
    found = next(y for y in extract.years if y.year == year).figures
    return {k: (f.availability, f.value) for k, f in found.items()}


def test_it_reads_the_councils_own_rows_per_year_from_the_total_rows():
    extract = read(to_csv(good_rows()))
    assert extract.la_name == "Rutland" and [y.year for y in extract.years] == ["2023", "2024"]
    assert extract.rows_read == 28 and extract.other_rows_ignored == 15  # Leicester and England left out
    assert figures(extract, "2024") == {
        "ehcp_total": ("value", Decimal(330)),  # the grand total, not the type rows added up
        "mainstream_count": ("value", Decimal(170)),
        "mainstream_share": ("value", Decimal("51.5")),  # 51.5151515 as the release's tables show it
        "special_count": ("value", Decimal(99)),
        "special_share": ("value", Decimal("30.0")),
        "other_count": ("value", Decimal(61)),
        "other_share": ("value", Decimal("18.5")),
    }


def test_it_finds_the_council_by_its_old_la_code_alone():
    rows = year_rows(
        2024,
        {"old_la_code": "857", "la_name": "Rutland"},
        total=10,
        mainstream=5,
        mainstream_pc=50,
        special=3,
        special_pc=30,
    )
    assert read(to_csv(rows), gss_code="").years[0].figures["ehcp_total"].value == Decimal(10)


def test_suppressed_values_are_not_available_never_zero_and_z_is_not_applicable():
    rows = [
        row(2024, RUTLAND, "Total", "Total", 330, 100),
        row(2024, RUTLAND, "Mainstream school", "Total", "c", "c"),
        row(2024, RUTLAND, "Special school", "Total", "z", "z"),
        row(2023, RUTLAND, "Total", "Total", "x", "x"),
        row(2023, RUTLAND, "Mainstream school", "Total", "low", ":"),
        row(2023, RUTLAND, "Special school", "Total", "4", "1.2"),
    ]
    extract = read(to_csv(rows))
    y2024, y2023 = figures(extract, "2024"), figures(extract, "2023")
    assert y2024["mainstream_count"] == ("not_available", None)
    assert y2024["special_count"] == ("not_applicable", None)
    assert y2024["other_count"] == ("not_available", None)  # cannot be worked out: never a made-up figure
    assert y2023["ehcp_total"] == ("not_available", None)
    assert (
        y2023["mainstream_count"] == ("not_available", None)
        and y2023["mainstream_share"][0] == "not_available"
    )
    assert y2023["special_share"] == ("value", Decimal("1.2"))
    note = next(y for y in extract.years if y.year == "2024").figures["mainstream_count"].note
    assert "Suppressed" in note


def test_a_group_missing_from_the_file_is_not_available():
    extract = read(to_csv([row(2024, RUTLAND, "Total", "Total", 330, 100)]))
    assert figures(extract, "2024")["special_count"] == ("not_available", None)


def test_it_reads_ehcp_rows_where_a_year_has_no_total_rows():
    rows = [
        r
        for r in year_rows(
            2024, RUTLAND, total=330, mainstream=170, mainstream_pc=51.5, special=99, special_pc=30
        )
        if r["ehcp_or_statement"] == "EHCP"
    ]
    assert figures(read(to_csv(rows)), "2024")["ehcp_total"] == ("value", Decimal(330))


def test_an_academic_year_time_period_is_its_january_census():
    rows = [row("202324", RUTLAND, "Total", "Total", 330, 100)]
    assert [y.year for y in read(to_csv(rows)).years] == ["2024"]


def test_it_refuses_a_file_missing_a_column_naming_it():
    columns = [c for c in COLUMNS if c != "num_caseload"]
    with pytest.raises(Sen2Refused, match="no column “num_caseload”"):
        read(to_csv(good_rows(), columns))


def test_it_refuses_a_file_with_an_unexpected_column_naming_it():
    data = to_csv(good_rows()).replace(b"pc_caseload\n", b"pc_caseload,num_new_plans\n", 1)
    with pytest.raises(Sen2Refused, match="column “num_new_plans” that the SEN2 file does not have"):
        read(data)


def test_it_refuses_what_is_not_csv():
    with pytest.raises(Sen2Refused, match="not a CSV file"):
        read(b"\xff\xfe\x00\x00PK\x03\x04 binary")


def test_it_says_when_the_file_has_no_rows_for_the_council():
    rows = [r for r in good_rows() if r["la_name"] != "Rutland"]
    with pytest.raises(Sen2Refused, match="no rows for Rutland \\(LA code 857, E06000017\\)"):
        read(to_csv(rows))


def test_rows_of_the_council_at_another_level_are_not_its_own():
    rows = [row(2024, RUTLAND, "Total", "Total", 330, 100, level="Regional")]
    with pytest.raises(Sen2Refused, match="no rows for Rutland"):
        read(to_csv(rows))


@pytest.mark.parametrize(
    "num, pc, message",
    [
        ("lots", "5", "Line 3, num_caseload: “lots” is neither a number nor a DfE symbol"),
        ("-3", "5", "Line 3, num_caseload: -3 is out of range"),
        ("3", "120", "Line 3, pc_caseload: 120 is out of range \\(a percentage is between 0 and 100\\)"),
        ("", "5", "Line 3, num_caseload: an empty cell"),
    ],
)
def test_a_bad_cell_is_named_by_line_and_column(num, pc, message):
    rows = [
        row(2024, RUTLAND, "Total", "Total", 330, 100),
        row(2024, RUTLAND, "Mainstream school", "Total", num, pc),
    ]
    with pytest.raises(Sen2Refused, match=message):
        read(to_csv(rows))


def test_two_grand_total_rows_for_one_year_are_refused():
    rows = [row(2024, RUTLAND, "Total", "Total", 330, 100), row(2024, RUTLAND, "Total", "Total", 331, 100)]
    with pytest.raises(Sen2Refused, match="2 grand-total rows"):
        read(to_csv(rows))


def test_the_extract_survives_its_round_trip_through_json():
    extract = read(to_csv(good_rows()))
    assert Sen2Extract.from_json(extract.to_json()).to_json() == extract.to_json()


# --- applying it -------------------------------------------------------------------------------------


def test_it_creates_the_sen2_indicators_and_loads_every_year(rutland):
    user = UserFactory()
    result = sen2_import(plan=rutland, user=user, extract=read(to_csv(good_rows())))
    assert len(result.indicators_created) == 7 and len(result.values_created) == 14
    total = Indicator.objects.get(plan=rutland, sen2_measure=Sen2Measure.TOTAL)
    assert (total.unit, total.direction, total.period_type, total.source) == (
        "count",
        "lower",
        "calendar_year",
        "DfE SEN2",
    )
    assert list(total.values.order_by("period").values_list("period", "value")) == [
        ("2023", Decimal(300)),
        ("2024", Decimal(330)),
    ]
    assert total.values.first().history.first().history_user == user


def test_reimporting_the_same_file_changes_nothing(rutland):
    data = to_csv(good_rows())
    sen2_import(plan=rutland, user=None, extract=read(data))
    history = IndicatorValue.history.count()
    again = sen2_import(plan=rutland, user=None, extract=read(data))
    assert again.changes == 0 and again.unchanged == 14
    assert IndicatorValue.history.count() == history


def test_a_later_release_changes_only_what_it_revises(rutland):
    sen2_import(plan=rutland, user=None, extract=read(to_csv(good_rows())))
    rows = good_rows()
    rows[0]["num_caseload"] = "301"  # 2023 grand total revised (Total rows first)
    result = sen2_import(plan=rutland, user=None, extract=read(to_csv(rows)))
    assert result.values_changed == [
        "Children and young people with an EHC plan, 2023: 301",
        "EHC plans in other settings, 2023: 61",  # worked out from the revised total
    ]
    assert result.indicators_created == [] and result.values_created == []


def test_a_dry_run_reports_what_it_would_do_and_writes_nothing(rutland):
    result = sen2_import(plan=rutland, user=None, extract=read(to_csv(good_rows())), dry_run=True)
    assert result.dry_run and result.changes == 21
    assert not Indicator.objects.exists() and not IndicatorValue.objects.exists()


def test_it_keeps_an_existing_indicator_linked_by_its_measure(rutland):
    mine = make_indicator(
        rutland, name="Our EHCP count", unit="count", direction="lower", sen2_measure="ehcp_total"
    )
    sen2_import(plan=rutland, user=None, extract=read(to_csv(good_rows())))
    assert mine.values.count() == 2 and Indicator.objects.filter(plan=rutland).count() == 7


def test_nothing_is_written_when_a_linked_indicator_is_not_by_calendar_year(rutland):
    make_indicator(rutland, name="Odd", period_type="academic_year", sen2_measure="special_share")
    with pytest.raises(IndicatorInputError, match="Nothing was imported"):
        sen2_import(plan=rutland, user=None, extract=read(to_csv(good_rows())))
    assert Indicator.objects.filter(plan=rutland).count() == 1 and not IndicatorValue.objects.exists()


def test_other_councils_rows_never_reach_this_plan(rutland):
    leicester = PlanFactory(council=CouncilFactory(name="Leicester", la_code="856", gss_code="E06000016"))
    extract = read_sen2(to_csv(good_rows()), la_code="856", gss_code="E06000016", council_name="Leicester")
    sen2_import(plan=leicester, user=None, extract=extract)
    assert not Indicator.objects.filter(plan=rutland).exists()
    total = Indicator.objects.get(plan=leicester, sen2_measure="ehcp_total")
    assert list(total.values.values_list("value", flat=True)) == [Decimal(4000)]
    assert LEICESTER["la_name"] == "Leicester"
