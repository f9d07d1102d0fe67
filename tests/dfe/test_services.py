"""release_import on the real extracts: councils from the LA list, figures with provenance, revisions in
words, the same file twice changes nothing, bad files change nothing."""

from decimal import Decimal

import pytest

from dfe.models import Figure, LocalAuthority, Neighbour, Release
from dfe.readers.common import DfeFileError
from dfe.services import release_import
from recovery.models import Council
from tests.dfe.conftest import fixture_bytes
from tests.factories import CouncilFactory, UserFactory


def load(name, user=None, **kwargs):
    return release_import(data=fixture_bytes(name), file_name=name.split("/")[-1], user=user, **kwargs)


@pytest.fixture
def la_list(db):
    return load("la_codes.csv")


def test_it_creates_every_current_council_once_and_keeps_old_ones_for_history(db):
    rutland = CouncilFactory(name="Rutland", slug="rutland", la_code="857", gss_code="E06000017")
    report = load("la_codes.csv")
    assert Council.objects.count() == 153
    assert len(report.councils_created) == 152  # Rutland was there already
    assert Council.objects.get(la_code="857") == rutland
    northants = LocalAuthority.objects.get(la_code="928")
    assert (northants.current, northants.ended, northants.successors) == (False, "2021-04", "940,941")
    assert not Council.objects.filter(la_code="928").exists()
    north = Council.objects.get(la_code="940")
    assert (north.name, north.slug, north.gss_code, north.region) == (
        "North Northamptonshire",
        "north-northamptonshire",
        "E06000061",
        "east_midlands",
    )
    again = load("la_codes.csv")
    assert (again.added, again.changed, again.councils_created) == (0, 0, [])
    assert Council.objects.count() == 153


def test_it_stores_each_figure_with_its_release_file_and_line(la_list):
    user = UserFactory(username="staff-importer")
    report = load("ehcp_2025_extract.zip", user=user)
    figure = Figure.objects.select_related("release").get(
        area__la_code="808", series="ehcp_total", breakdown="", period="2024-01"
    )
    assert figure.value == 2080
    assert (figure.file, figure.line) == ("data/caseload.csv", 64)
    assert figure.release.citation == "DfE, Education, health and care plans, June 2025"
    assert figure.release.imported_by == user
    assert report.skipped_files == ["data-guidance/data-guidance.txt", "data/annual_reviews.csv"]
    assert report.added == Figure.objects.count()
    assert "Northamptonshire" not in " ".join(report.unknown_codes)
    # Northamptonshire's figures stay its own; North Northamptonshire starts in January 2022.
    assert Figure.objects.filter(area__la_code="928", series="ehcp_total", breakdown="").count() == 3
    assert (
        Figure.objects.filter(area__la_code="940", series="ehcp_total", breakdown="")
        .order_by("period")
        .first()
        .period
        == "2022-01"
    )


def test_it_changes_nothing_when_the_same_file_comes_again(la_list):
    load("ehcp_2025_extract.zip")
    releases, figures = Release.objects.count(), list(Figure.objects.values_list("id", "value", "release_id"))
    again = load("ehcp_2025_extract.zip")
    assert (again.added, again.changed) == (0, 0)
    assert again.summary == "Nothing changed: everything in the file is already in the store."
    assert Release.objects.count() == releases
    assert list(Figure.objects.values_list("id", "value", "release_id")) == figures


def test_a_newer_release_revises_and_says_so_in_words(la_list):
    # The 2022 release (wide layout) gave Rutland 279 for January 2022; say the 2025 release revised it.
    load("sen2_estab_caseload_2022.csv")
    text = fixture_bytes("ehcp_2025/caseload.csv").decode("utf-8-sig")
    row = "202122,Academic year,Local authority,E92000001,England,E12000004,East Midlands,E06000017,857,"
    text = text.replace(
        row + "Rutland,All EHC plans,All EHC plans,279,", row + "Rutland,All EHC plans,All EHC plans,282,"
    )
    report = release_import(data=text.encode(), file_name="caseload.csv", user=None)
    assert "Rutland, January 2022: 279 → 282 (revised)" in report.changes
    figure = Figure.objects.get(area__la_code="857", series="ehcp_total", breakdown="", period="2022-01")
    assert figure.value == 282
    assert figure.release.published == "June 2025"
    # Importing the older release afterwards keeps the newer figure.
    older = load("sen2_estab_caseload_2022.csv")
    assert older.kept_newer >= 1
    figure.refresh_from_db()
    assert figure.value == 282


def test_a_dry_run_reports_and_saves_nothing(la_list):
    report = load("dedicated-schools-grant_2021_11_18.ods", dry_run=True)
    assert report.added > 0
    assert report.summary.startswith("Checked, nothing saved (dry run).")
    assert not Figure.objects.exists()
    assert not Release.objects.filter(family="dsg").exists()


def test_it_stores_rutlands_high_needs_block_with_the_sheet_and_row(la_list):
    load("dedicated-schools-grant_2021_11_18.ods")
    figure = Figure.objects.get(area__la_code="857", series="dsg_high_needs", period="2020-21")
    assert figure.value == Decimal("4224363.00")
    assert figure.file == "dedicated-schools-grant_2021_11_18.ods › High_needs_block"
    assert figure.release.citation == "DfE, Dedicated schools grant allocations, November 2021"


def test_it_lists_and_skips_unknown_la_codes(db):
    LocalAuthority.objects.create(la_code="857", gss_code="E06000017", name="Rutland")
    report = load("dedicated-schools-grant_2024_07_20.ods")
    assert "808 (Stockton-on-Tees)" in report.unknown_codes
    assert set(Figure.objects.values_list("area__la_code", flat=True)) == {"857"}


def test_a_bad_cell_changes_nothing(la_list):
    data = fixture_bytes("ehcp_2025/newplans.csv").replace(b",385,", b",three hundred,", 1)
    with pytest.raises(DfeFileError, match="newplans.csv, line 42, column new_ehc_plans"):
        release_import(data=data, file_name="newplans.csv", user=None)
    assert not Figure.objects.exists()


def test_it_stores_ten_neighbours_in_order(la_list):
    report = load("sn_may_2025.xlsx")
    rutland = list(Neighbour.objects.filter(area__la_code="857").select_related("neighbour"))
    assert [n.neighbour.la_code for n in rutland][:3] == ["865", "815", "893"]
    assert len(rutland) == 10
    # The LA list brought the whole list that ships with the app; the extract's rows are the same rows.
    assert report.added == 0 and report.unchanged == 100  # ten councils in the extract, ten neighbours each


def test_a_figure_written_by_another_import_meanwhile_is_a_clear_conflict(la_list):
    from datetime import date

    from django.utils import timezone

    from dfe.services import ImportConflict

    def meanwhile(done, total, message):
        if done == 10:  # after the figures are compared, before they are written
            other = Release.objects.create(
                family="sen2",
                title="x",
                published="x",
                as_of=date(2025, 6, 1),
                file_name="x",
                sha256="x",
                imported_at=timezone.now(),
            )
            Figure.objects.create(
                area=LocalAuthority.objects.get(la_code="857"),
                series="ehcp_total",
                period="2025-01",
                value=1,
                release=other,
                file="x",
                line=1,
            )

    with pytest.raises(ImportConflict, match="another import changed the same figures at the same moment"):
        load("ehcp_2025_extract.zip", progress=meanwhile)
    assert Figure.objects.count() == 1  # only the other import's figure


def test_a_council_of_the_same_name_with_another_code_is_reported_not_overwritten(db):
    CouncilFactory(name="Rutland", slug="rutland", la_code="999")
    report = load("la_codes.csv")
    assert "Rutland (857): no council created, the council “Rutland” already exists with LA code 999" in (
        report.changes
    )
    assert Council.objects.get(name="Rutland").la_code == "999"
    assert Council.objects.count() == 153
