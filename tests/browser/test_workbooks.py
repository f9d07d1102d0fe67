"""Downloads arrive and open; the tracker import page takes a file, previews it and applies it (axe clean)."""

import io
from pathlib import Path

from openpyxl import load_workbook

from tests.browser.conftest import assert_accessible
from tests.spreadsheets.workbooks import tracker


def download(page, link_name):
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name).click()
    return info.value


def test_it_downloads_the_tracker_and_the_projections_workbook(
    demo, live_server, page, sign_in, console_errors
):
    sign_in("rutland-finance")
    page.goto(f"{live_server.url}/councils/rutland/")
    tracker_file = download(page, "Download the tracker (Excel, .xlsx)")
    assert tracker_file.suggested_filename.startswith("rutland-tracker-")
    wb = load_workbook(io.BytesIO(Path(tracker_file.path()).read_bytes()))
    assert wb["Recovery Plan"]["A5"].value.startswith("1. Nurture approach")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Money", exact=True).click()
    page.get_by_role("link", name="Five-year High Needs budget model (January 2020)").click()
    workbook = download(
        page, "Download as an Excel workbook: inputs, savings and every result as a live formula"
    )
    results = load_workbook(io.BytesIO(Path(workbook.path()).read_bytes()), data_only=True)["Results"]
    cumulative = {row[0]: row[-1] for row in results.iter_rows(values_only=True) if row and row[0]}
    assert cumulative["Cumulative deficit, unmitigated"] == 597552
    assert cumulative["Cumulative deficit, target"] == 267552
    assert console_errors == []


def test_it_imports_a_tracker_after_a_preview(demo, live_server, page, sign_in, console_errors, tmp_path):
    # Stockton's initiatives are lettered a to h, so actions 1 and 2 of the file are new workstreams.
    sign_in("stockton-on-tees-admin")
    page.goto(f"{live_server.url}/councils/stockton-on-tees/workstreams/")
    page.get_by_role("link", name="Import a tracker spreadsheet").click()
    page.get_by_label("Tracker workbook").wait_for()  # the new page, not the one being left
    assert_accessible(page)
    path = tmp_path / "Stockton tracker.xlsx"
    path.write_bytes(tracker())
    page.get_by_label("Tracker workbook").set_input_files(str(path))
    page.get_by_role("button", name="Check the file").click()
    page.get_by_role("heading", name="Check what will change").wait_for()
    assert "Add workstream" in page.locator("#import-changes").inner_text()
    assert_accessible(page)
    page.get_by_role("button", name="Confirm and import").click()
    page.get_by_text("Imported Stockton tracker.xlsx").wait_for()
    assert page.get_by_role("link", name="SEMH specialist teachers").count() >= 1
    assert_accessible(page)
    assert console_errors == []


def test_a_forum_member_downloads_a_published_reports_tables(
    demo, live_server, page, sign_in, console_errors
):
    from datetime import date

    from django.contrib.auth import get_user_model

    from recovery.models import RecoveryPlan
    from reports import services

    plan = RecoveryPlan.objects.get(council__slug="rutland", status="active")
    author = get_user_model().objects.get(username="rutland-admin")
    report = services.report_create(
        plan=plan, user=author, meeting_date=date(2026, 12, 10), title="December update"
    )
    services.report_publish(report=report, user=author)
    sign_in("rutland-forum")
    page.goto(f"{live_server.url}/councils/rutland/reports/{report.pk}/")
    pack = download(page, "Download the tables (Excel)")
    assert pack.suggested_filename == "rutland-forum-report-2026-12-10.xlsx"
    wb = load_workbook(io.BytesIO(Path(pack.path()).read_bytes()))
    assert wb.sheetnames == ["At a glance", "Workstreams", "Changes", "Forecast", "Indicators"]
    assert console_errors == []


def test_commentary_typed_as_a_formula_arrives_in_the_tracker_as_text(
    demo, live_server, page, sign_in, console_errors
):
    milestone = "Support to Secondary schools determined and progressed"
    typed = '=HYPERLINK("https://evil.example/login","Click to re-login")'
    sign_in("rutland-officer")
    page.goto(f"{live_server.url}/councils/rutland/milestones/")
    page.get_by_role("link", name=milestone).click()
    page.get_by_role("link", name="Update progress").click()
    page.get_by_role("radio", name="Amber").check()
    page.get_by_label("Commentary").fill(typed)
    # The milestone is long overdue: keeping it Amber needs a reason.
    page.get_by_label("Reason to keep this RAG").fill("Agreed with heads; the model goes to Forum next term.")
    page.get_by_role("button", name="Save update").click()
    page.get_by_text("Update saved").wait_for()
    page.goto(f"{live_server.url}/councils/rutland/")
    wb = load_workbook(
        io.BytesIO(Path(download(page, "Download the tracker (Excel, .xlsx)").path()).read_bytes())
    )
    cells = [c for row in wb["Recovery Plan"].iter_rows() for c in row if c.value == typed]
    assert len(cells) == 1 and cells[0].data_type == "s"  # text, exactly as typed, never a formula
    assert console_errors == []
