from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from indicators.models import Indicator, IndicatorValue
from tests.factories import CouncilFactory, PlanFactory
from tests.indicators.sen2_files import COLUMNS, good_rows, to_csv


@pytest.fixture
def rutland(db):
    return PlanFactory(
        council=CouncilFactory(name="Rutland", slug="rutland", la_code="857", gss_code="E06000017")
    )


def run(*args) -> str:
    out = StringIO()
    call_command("import_sen2", *args, stdout=out)
    return out.getvalue()


def test_it_imports_the_file_and_a_second_run_changes_nothing(rutland, tmp_path):
    path = tmp_path / "sen2_estab_caseload.csv"
    path.write_bytes(to_csv(good_rows()))
    first = run("rutland", str(path))
    assert "28 row(s) for Rutland, 2 census year(s); 15 row(s) of other areas ignored" in first
    assert "Made 21 change(s)" in first
    assert "Made 0 change(s); 14 figure(s) already matched" in run("rutland", str(path))


def test_a_dry_run_writes_nothing(rutland, tmp_path):
    path = tmp_path / "f.csv"
    path.write_bytes(to_csv(good_rows()))
    assert "Would make 21 change(s)" in run("rutland", str(path), "--dry-run")
    assert not Indicator.objects.exists()


def test_it_refuses_a_wrong_file_with_the_reason_and_writes_nothing(rutland, tmp_path):
    path = tmp_path / "f.csv"
    path.write_bytes(to_csv(good_rows(), [c for c in COLUMNS if c != "pc_caseload"]))
    with pytest.raises(CommandError, match="no column “pc_caseload”.*Nothing was imported"):
        run("rutland", str(path))
    assert not IndicatorValue.objects.exists()


def test_it_names_an_unknown_council_or_file(rutland, tmp_path):
    with pytest.raises(CommandError, match="No council 'nowhere'"):
        run("nowhere", "x.csv")
    with pytest.raises(CommandError, match="No file"):
        run("rutland", str(tmp_path / "missing.csv"))
