"""The DSG management plan workbook for a demo council: LibreOffice, recalculating every formula itself,
gets the ledger's figures; and the workbook is built within the issue's two seconds."""

import io
import re
import subprocess
import zipfile

import pytest
from openpyxl import load_workbook

from demo.plans import load_council, read_fixture
from dsg.plan import TABS
from dsg.selectors import management_plan_for_council
from spreadsheets.exports.management_plan import ManagementPlanExport
from spreadsheets.writer import to_workbook
from tests.spreadsheets.test_projections_export import RECALC_ALWAYS, SOFFICE


@pytest.fixture
def rutland(db):
    return load_council(read_fixture("rutland"))


def build(council) -> bytes:
    plan = management_plan_for_council(council=council)
    return to_workbook(ManagementPlanExport(council=council, plan=plan))


def summary(data: bytes) -> dict:
    sheet = load_workbook(io.BytesIO(data), data_only=True)["Financial summary"]
    rows = [
        r for r in sheet.iter_rows(values_only=True) if r and r[0] != "Year" and r[2] and r[3] is not None
    ]
    return {(r[0], r[1], r[2]): r[3:9] for r in rows}  # the table (the footer's positions have no income)


def test_the_workbook_has_the_templates_tabs_in_order(rutland):
    # (Its speed, under two seconds for one council, is measured by make bench, never asserted here.)
    assert load_workbook(io.BytesIO(build(rutland))).sheetnames == list(TABS)


def test_the_children_tab_adds_the_demand_models_forecast_after_the_dfes_censuses(rutland):
    from dfe.services import release_import
    from projections.demand_services import demand_cyp_forecast
    from recovery.models import Council
    from tests.dfe.conftest import fixture_bytes

    for name in ("la_codes.csv", "ehcp_2025_demand.zip"):
        release_import(data=fixture_bytes(name), file_name=name, user=None)
    Council.objects.filter(la_code="857").exclude(pk=rutland.pk).delete()
    rows = demand_cyp_forecast(council=rutland, plan=rutland.plans.get())
    plan = management_plan_for_council(council=rutland)
    data = to_workbook(ManagementPlanExport(council=rutland, plan=plan, cyp_rows=rows))
    sheet = load_workbook(io.BytesIO(data))[TABS[4]]
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    everyone = {(r[0], r[1]): r[8] for r in cells if r[2] == "All EHC plans"}
    assert everyone[("January 2025", "Actual (DfE SEN2)")] == 376  # Rutland's own census
    assert everyone[("January 2030", "Forecast (unmitigated)")] > 376
    assert ("January 2030", "Forecast (target mitigated)") in everyone


def test_libreoffice_recalculates_the_ledgers_figures(rutland, tmp_path):
    if SOFFICE is None:
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-calc-nogui)")
    data = build(rutland)
    blank = io.BytesIO()  # without cached values: every figure LibreOffice shows is one it computed
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(blank, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            content = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                content = re.sub(rb"(</f>)<v>[^<]*</v>", rb"\1<v />", content)
            dst.writestr(item, content)
    source = tmp_path / "in" / "plan.xlsx"
    source.parent.mkdir()
    source.write_bytes(blank.getvalue())
    profile = tmp_path / "profile"
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(RECALC_ALWAYS)
    command = [SOFFICE, "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}"]
    command += ["--convert-to", "xlsx", "--outdir", str(tmp_path / "out"), str(source)]
    subprocess.run(command, check=True, capture_output=True, timeout=180)
    again = summary((tmp_path / "out" / "plan.xlsx").read_bytes())
    cached = summary(data)
    assert again.keys() == cached.keys() and len(again) == 15  # 3 years × (4 blocks + the total)
    for key, values in cached.items():
        assert again[key] == pytest.approx(values), key
    ledger = management_plan_for_council(council=rutland).ledger
    for year in ledger.years:
        for row in [*year.rows, year.total]:
            in_year, carried = again[(year.label, "Outturn", row.block_label)][3:6:2]
            assert (in_year, carried) == (
                pytest.approx(float(row.in_year)),
                pytest.approx(float(row.carried_forward)),
            )


@pytest.fixture
def with_census(db):
    """Rutland's council with the DfE's January 2025 census of EHC plans (the extracts of the real release)
    and a plan: the children tab has both its tables."""
    from dfe.services import release_import
    from recovery.models import Council
    from tests.dfe.conftest import fixture_bytes
    from tests.factories import PlanFactory

    for name in ("la_codes.csv", "ehcp_2025_demand.zip", "ehcp_2025_extract.zip"):
        release_import(data=fixture_bytes(name), file_name=name, user=None)
    council = Council.objects.get(la_code="857")
    PlanFactory(council=council, first_year=2024, last_year=2028)
    return council


def charts_of(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        names = sorted(n for n in book.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n))
        return [book.read(name).decode() for name in names]


def test_the_children_tab_has_the_templates_two_graphs_over_its_own_tables(with_census):
    data = build(with_census)
    sheet = load_workbook(io.BytesIO(data))[TABS[4]]
    assert sheet["A3"].value == "Placement group" and sheet["A4"].value == "Mainstream schools"
    assert sheet["A10"].value == "Other arrangements and direct payments" and sheet["G3"].value == "Total"
    assert sheet["A12"].value == "By primary need" and sheet["A13"].value == "Autistic spectrum disorder"
    needs = management_plan_for_council(council=with_census).children.needs
    last = 12 + len(needs)
    assert sheet[f"B{last}"].value == needs[-1][1] and sheet[f"A{last + 1}"].value.startswith("Source: ")
    ages, by_need = charts_of(data)
    # Per placement group, stacked by age band as the page draws it: a series per band column (B to F,
    # not the total in G) over the seven groups' rows, the groups as categories, top to bottom.
    assert "EHC plans by placement group and age, January 2025" in ages
    for band in "BCDEF":
        assert f"${band}$4:${band}$10" in ages
    assert "$G$4" not in ages and "$A$4:$A$10" in ages and "$A$11" not in ages
    assert '<grouping val="stacked"/>' in ages and '<barDir val="bar"/>' in ages
    assert "Placement group" in ages and "Under 5" in ages and '<orientation val="maxMin"/>' in ages
    # By primary need: the one series down the footer's table, the needs as categories.
    assert "EHC plans by primary need, January 2025" in by_need
    assert f"$B$13:$B${last}" in by_need and f"$A$13:$A${last}" in by_need
    assert "Primary need" in by_need and "<legend>" not in by_need
    for xml in (ages, by_need):
        assert 'formatCode="#,##0"' in xml and "£" not in xml  # counts, not pounds
        assert xml.count('<delete val="0"/>') == 2  # both axes written out (Excel hides one that is not)
        assert xml.count("EHC plans</a:t>") >= 1  # the value axis titled


def test_the_children_tabs_graphs_sit_right_of_its_widest_table(with_census):
    from projections.demand_services import demand_cyp_forecast

    plain = load_workbook(io.BytesIO(build(with_census)))[TABS[4]]
    assert [c.anchor._from.col for c in plain._charts] == [8, 8]  # column I: after the seven of the table
    rows = demand_cyp_forecast(council=with_census, plan=with_census.plans.get())
    plan = management_plan_for_council(council=with_census)
    data = to_workbook(ManagementPlanExport(council=with_census, plan=plan, cyp_rows=rows))
    sheet = load_workbook(io.BytesIO(data))[TABS[4]]
    assert [c.anchor._from.col for c in sheet._charts] == [11, 11]  # column L: the forecast table has ten
    first, second = (c.anchor._from.row for c in sheet._charts)
    assert second - first == 24  # the second under the first (11 cm is about 21 rows)


@pytest.mark.libreoffice
def test_libreoffice_draws_both_graphs_of_the_children_tab(with_census, tmp_path):
    if SOFFICE is None:
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-calc-nogui)")
    book = load_workbook(io.BytesIO(build(with_census)))
    for name in book.sheetnames:
        if name != TABS[4]:
            del book[name]  # the tab alone: LibreOffice's HTML export writes each chart as an image
    source = tmp_path / "children.xlsx"
    book.save(source)
    profile = tmp_path / "profile"
    command = [SOFFICE, "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}"]
    command += ["--convert-to", "html", "--outdir", str(tmp_path / "out"), str(source)]
    subprocess.run(command, check=True, capture_output=True, timeout=180)
    images = list((tmp_path / "out").glob("*.png"))
    assert len(images) == 2 and all(image.stat().st_size > 10_000 for image in images)
