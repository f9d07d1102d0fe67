"""Every hostile or broken file is refused with a clear message before it can do harm, and changes nothing."""

import pytest
from openpyxl import Workbook

from recovery.models import RecoveryPlan
from spreadsheets.importer import ImportRefused, import_file
from tests.factories import CouncilFactory, UserFactory
from tests.spreadsheets.workbooks import billion_laughs, huge_sheet, macro_inside, save, tracker, zip_bomb
from workstreams.models import Milestone, Workstream


@pytest.fixture
def council(db):
    return CouncilFactory(slug="rutland", name="Rutland")


def refused(council, name, data) -> str:
    with pytest.raises(ImportRefused) as error:
        import_file(council=council, user=UserFactory(), name=name, data=data, apply=True)
    assert not Workstream.objects.exists() and not Milestone.objects.exists()
    assert not RecoveryPlan.objects.filter(council=council).exists()
    return str(error.value)


def test_it_refuses_a_zip_bomb_from_its_declared_size_before_expanding_it(council):
    assert "would expand to" in refused(council, "plan.xlsx", zip_bomb())


def test_it_refuses_xml_entity_declarations(council):
    assert "billion laughs" in refused(council, "plan.xlsx", billion_laughs())


def test_it_refuses_a_sheet_with_too_many_rows(council):
    result = import_file(council=council, user=UserFactory(), name="big.xlsx", data=huge_sheet(), apply=True)
    assert not result.ok and "more than 2000 rows" in result.parsed.problems[-1]
    assert not Workstream.objects.exists()


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("plan.xls", "old-style Excel file (.xls)"),
        ("plan.csv", "not an Excel workbook"),
        ("plan", "not an Excel"),
    ],
)
def test_it_refuses_other_file_types_by_name(council, name, says):
    assert says in refused(council, name, tracker())


def test_it_refuses_macro_enabled_workbooks_by_name_and_by_content(council):
    assert "macro-enabled" in refused(council, "plan.xlsm", tracker())
    assert "contains macros" in refused(council, "plan.xlsx", macro_inside())


def test_it_refuses_a_renamed_or_corrupt_file(council):
    assert "not a readable .xlsx" in refused(council, "plan.xlsx", b"PK\x03\x04 not really a zip")
    assert "not a readable .xlsx" in refused(council, "plan.xlsx", b"%PDF-1.4 a renamed PDF")
    truncated = tracker()[:2000]
    assert "not a readable .xlsx" in refused(council, "plan.xlsx", truncated)


def test_it_refuses_a_file_over_the_size_limit(council):
    assert "the most that can be imported is 5.0 MB" in refused(
        council, "plan.xlsx", b"PK" + b"0" * (6 * 1024 * 1024)
    )


def test_it_lists_formula_cells_and_writes_nothing(council):
    wb = Workbook()
    ws = wb.active
    ws.title = "Recovery Plan"
    ws.append(
        ["Key Improvement Action", "Key Milestones", "Lead", "Start Date", "End Date", "Progress (RAG)"]
    )
    ws.append(
        ["1. Nurture", '=HYPERLINK("https://evil.example","Click")', "LCJ", "Jan 2020", "=TODAY()", "Green"]
    )
    result = import_file(council=council, user=UserFactory(), name="f.xlsx", data=save(wb), apply=True)
    assert result.parsed.problems == [
        "Recovery Plan!B2: a formula; paste its value instead",
        "Recovery Plan!E2: a formula; paste its value instead",
    ]
    assert not result.applied and not Workstream.objects.exists()
