"""The management commands: export_tracker, export_projections, export_national, import_tracker."""

import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from tests.factories import UserFactory
from tests.projections.conftest import computed_forecast
from tests.spreadsheets.workbooks import tracker
from workstreams.models import Workstream


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_it_exports_the_tracker_and_the_current_forecast(home, tmp_path):
    forecast = computed_forecast(home.plan, publish=True, current=True)
    assert "tracker to" in run("export_tracker", home.council.slug, "--out", str(tmp_path / "t.xlsx"))
    assert "Recovery Plan" in load_workbook(tmp_path / "t.xlsx").sheetnames
    run("export_projections", home.council.slug, "--out", str(tmp_path / "p.xlsx"))
    run(
        "export_projections",
        home.council.slug,
        "--out",
        str(tmp_path / "q.xlsx"),
        "--forecast",
        str(forecast.pk),
    )
    assert load_workbook(tmp_path / "p.xlsx").sheetnames == load_workbook(tmp_path / "q.xlsx").sheetnames
    run("export_national", "--out", str(tmp_path / "n.xlsx"))
    assert load_workbook(tmp_path / "n.xlsx").sheetnames == ["Councils", "Milestones", "Forecasts"]


def test_it_says_what_is_wrong_with_the_arguments(home, foreign, tmp_path):
    with pytest.raises(CommandError, match="No council 'nowhere'"):
        run("export_tracker", "nowhere", "--out", str(tmp_path / "t.xlsx"))
    with pytest.raises(CommandError, match="must name an .xlsx file"):
        run("export_tracker", home.council.slug, "--out", str(tmp_path / "t.csv"))
    theirs = computed_forecast(foreign.plan, publish=True)
    with pytest.raises(CommandError, match="has no forecast"):
        run(
            "export_projections",
            home.council.slug,
            "--out",
            str(tmp_path / "p.xlsx"),
            "--forecast",
            str(theirs.pk),
        )


def test_it_imports_with_a_dry_run_first(home, tmp_path):
    UserFactory(username="admin")
    path = tmp_path / "tracker.xlsx"
    path.write_bytes(tracker())
    said = run("import_tracker", home.council.slug, str(path), "--dry-run")
    assert "Would make" in said and "Add workstream 2. SEMH specialist teachers" in said
    assert not Workstream.objects.filter(title="SEMH specialist teachers").exists()
    run("import_tracker", home.council.slug, str(path))
    assert Workstream.objects.filter(title="SEMH specialist teachers").exists()
    assert "0 change(s)" in run("import_tracker", home.council.slug, str(path))


def test_it_refuses_a_bad_file_and_lists_problems(home, tmp_path):
    UserFactory(username="admin")
    bad = tmp_path / "plan.xls"
    bad.write_bytes(b"old")
    with pytest.raises(CommandError, match="old-style Excel file"):
        run("import_tracker", home.council.slug, str(bad))
    wrong = tmp_path / "wrong.xlsx"
    wrong.write_bytes(tracker([["1. Nurture", "", "", "Integration", "LCJ", "Jan 2020", "Nov 2021", "Grn"]]))
    with pytest.raises(CommandError, match="1 problem"):
        run("import_tracker", home.council.slug, str(wrong))
