"""import_dfe <file or release zip> [--dry-run]."""

import io

import pytest
from django.core.management import CommandError, call_command

from dfe.models import Figure, LocalAuthority
from tests.dfe.conftest import FIXTURES


def run(*args) -> str:
    out = io.StringIO()
    call_command("import_dfe", *args, stdout=out)
    return out.getvalue()


def test_it_imports_the_la_list_then_the_release_and_reports_in_words(db):
    assert "158 local authorities added" in run(str(FIXTURES / "la_codes.csv"))
    out = run(str(FIXTURES / "ehcp_2025_extract.zip"))
    assert out.startswith("DfE, Education, health and care plans, June 2025 (ehcp_2025_extract.zip)\n")
    assert (
        "Skipped (not read by this version): data-guidance/data-guidance.txt, data/annual_reviews.csv" in out
    )
    assert (
        Figure.objects.filter(area__la_code="857", series="ehcp_total", period="2025-01", breakdown="")
        .get()
        .value
        == 376
    )
    assert "Nothing changed" in run(str(FIXTURES / "ehcp_2025_extract.zip"))


def test_a_dry_run_saves_nothing(db):
    out = run(str(FIXTURES / "la_codes.csv"), "--dry-run")
    assert out.splitlines()[1].startswith("Checked, nothing saved (dry run). 158 local authorities added")
    assert not LocalAuthority.objects.exists()


def test_a_refused_file_is_a_clear_error(db, tmp_path):
    bad = tmp_path / "mystery.csv"
    bad.write_text("name,amount\nRutland,3\n")
    with pytest.raises(
        CommandError, match="mystery.csv: this looks like not a DfE statistics file; this version"
    ):
        run(str(bad))
    with pytest.raises(CommandError, match="no such file"):
        run(str(tmp_path / "missing.zip"))
