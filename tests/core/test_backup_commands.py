"""make backup / make restore: the demo data comes back with identical counts and values, timestamps to the
microsecond, on whichever database the suite runs (SQLite here, PostgreSQL in CI too)."""

import io
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from demo.plans import load_demo
from projections.models import ForecastYear
from workstreams.models import Milestone, MilestoneUpdate

pytestmark = pytest.mark.django_db(transaction=True)
DOMAIN_APPS = ("recovery", "workstreams", "projections", "reports", "spreadsheets")


def everything() -> dict[str, list[tuple]]:
    """Every row of every domain table (history tables included), as plain values."""
    rows = {}
    for app in DOMAIN_APPS:
        for model in apps.get_app_config(app).get_models():
            rows[model._meta.label] = sorted(map(repr, model.objects.values_list()))
    return rows


def test_it_restores_the_demo_data_exactly(tmp_path):
    load_demo()
    update = MilestoneUpdate.objects.create(
        milestone=Milestone.objects.first(), author=apps.get_model("auth", "User").objects.first(),
        new_rag="amber", commentary="Timestamp with microseconds",
    )  # fmt: skip
    assert update.created_at.microsecond  # the value that dumpdata would lose
    before = everything()
    out = io.StringIO()
    call_command("backup_database", "--dir", str(tmp_path), stdout=out)
    path = Path(out.getvalue().strip())
    assert path.parent == tmp_path and path.stat().st_size > 0

    Milestone.objects.update(title="Changed after the backup")
    MilestoneUpdate.objects.all().delete()
    ForecastYear.objects.all().delete()
    assert everything() != before

    call_command("restore_database", str(path), stdout=io.StringIO())
    assert everything() == before
    assert MilestoneUpdate.objects.get(pk=update.pk).created_at == update.created_at


def test_it_says_what_is_wrong_with_a_restore_file(tmp_path):
    with pytest.raises(CommandError, match="No backup file"):
        call_command("restore_database", str(tmp_path / "missing.sqlite3"))
    wrong = tmp_path / "notes.txt"
    wrong.write_text("x")
    with pytest.raises(CommandError, match="is not a"):
        call_command("restore_database", str(wrong))
