"""Every council's DfE figures side by side (staff only), in a fixed number of queries."""

from accounts.models import Role
from dfe.services import release_import
from tests.conftest import cache_queries, member_client
from tests.dfe.conftest import fixture_bytes
from tests.factories import CouncilFactory


def load(name):
    release_import(data=fixture_bytes(name), file_name=name.split("/")[-1], user=None)


def row_of(html: str, name: str) -> str:
    start = html.index(f">{name}</a>")
    return html[start : html.index("</tr>", start)]


def test_staff_see_every_council_with_its_latest_figures(imported, staff_client, django_assert_num_queries):
    # the session, the user, every council's version (the cache key), the councils, the latest periods, the
    # figures, and the cache's own read and write
    with django_assert_num_queries(6 + cache_queries()):
        response = staff_client.get("/national/dfe/")
    html = response.content.decode()
    assert "153 councils. EHC plans in January 2025; new and ceased plans in 2024" in html
    rutland = row_of(html, "Rutland")
    # 376 plans in January 2025, 222 in January 2020 (+69.4%); 53.5% mainstream, 20.7% special,
    # 32 of 376 in independent special schools (8.5%); 77 new, 47 ceased in 2024; High needs block 2023-24
    # £5,655,999; the s251 sample's DSG carried forward −£1,234,567 on a DSG of £37,757,313 (3.3%).
    for text in ("376", "69.4%", "53.5%", "20.7%", "8.5%", ">77<", ">47<", "£5.7m", "−£1.2m", "3.3%"):
        assert text in rutland, text
    stockton = row_of(html, "Stockton-on-Tees")
    assert "2,442" in stockton and "57.8%" in stockton  # 2,442 / 1,548 − 1
    assert "None" not in html


def test_a_council_without_figures_has_blank_cells(imported, staff_client):
    html = staff_client.get("/national/dfe/").content.decode()
    cumberland = row_of(html, "Cumberland")
    assert "growth" not in cumberland.lower()
    assert '<td class="govuk-table__cell govuk-table__cell--numeric"></td>' in cumberland  # no January 2020


def test_council_members_get_a_404(db):
    client = member_client(CouncilFactory(), Role.COUNCIL_ADMIN)
    assert client.get("/national/dfe/").status_code == 404


def test_a_repeat_view_reads_no_figures(imported, staff_client):
    from django.core.cache import caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from core.cache_backends import DatabaseCache

    def table(html: bytes) -> bytes:
        return html[html.index(b'<table class="govuk-table app-table--figures"') : html.index(b"</table>")]

    first = staff_client.get("/national/dfe/").content
    with CaptureQueriesContext(connection) as hit:
        again = staff_client.get("/national/dfe/").content
    assert table(again) == table(first) and b">Rutland</a>" in table(again)
    # the session, the user, every council's version (the key) and, on the database cache, its read
    assert len(hit) == 3 + isinstance(caches["default"], DatabaseCache)
    assert not [q for q in hit if "dfe_figure" in q["sql"]]


def test_an_import_shows_at_once(db, staff_client):
    for name in ("la_codes.csv", "ehcp_2025_extract.zip", "dedicated-schools-grant_2024_07_20.ods"):
        load(name)
    assert "−£1.2m" not in row_of(staff_client.get("/national/dfe/").content.decode(), "Rutland")
    load("s251_outturn_sample.csv")  # bumps every council's version: a new key
    assert "−£1.2m" in row_of(staff_client.get("/national/dfe/").content.decode(), "Rutland")


def test_a_renamed_council_shows_at_once(imported, staff_client):
    from recovery.models import Council

    staff_client.get("/national/dfe/")
    rutland = Council.objects.get(slug="rutland")
    rutland.name = "Rutland County Council"
    rutland.save()  # as the Django admin saves it: recorded in its history, which bumps its version
    assert ">Rutland County Council</a>" in staff_client.get("/national/dfe/").content.decode()
