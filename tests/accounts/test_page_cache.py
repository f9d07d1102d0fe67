"""Cached pages are keyed on the validated parameters each page reads, in a canonical order: a query string
the page does not read makes no new entry, a repeated parameter counts as the page reads it (the last), and
a request with an invalid value is shown but never stored."""

import pytest
from django.core.cache import cache, caches
from django.db import connection
from django.utils import timezone

from accounts.models import Role
from core.cache_backends import RedisCache
from tests.conftest import member_client
from tests.factories import MilestoneFactory
from tests.reports.test_page_cache import main
from workstreams.rag import Rag


def entries() -> int:
    """Live (unexpired) entries in the cache: the database cache by default, Redis in CI's REDIS_URL pass."""
    backend = caches["default"]  # `cache` is a proxy: isinstance needs the backend itself
    if isinstance(backend, RedisCache):
        return len(backend._cache.get_client().keys(backend.make_key("*")))
    now = connection.ops.adapt_datetimefield_value(timezone.now().replace(microsecond=0))
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM dsg_cache WHERE expires > %s", [now])
        return cursor.fetchone()[0]


@pytest.fixture(autouse=True)
def _empty_cache(db):
    cache.clear()


@pytest.fixture
def officer(home):
    return member_client(home.council, Role.OFFICER)


@pytest.mark.parametrize(
    "page",
    [
        "/councils/{slug}/",
        "/councils/{slug}/milestones/",
        "/councils/{slug}/dsg/",
        "/councils/{slug}/dsg/plan/",
    ],
)
def test_a_query_string_the_page_does_not_read_makes_no_new_entry(home, officer, page):
    url = page.format(slug=home.council.slug)
    officer.get(url)
    before = entries()
    for n in range(5):
        assert officer.get(f"{url}?utm_source=x{n}&junk={n}").status_code == 200
    assert entries() == before  # today: one more entry per distinct query string


def test_the_last_of_a_repeated_filter_counts_as_the_page_reads_it(home, officer):
    MilestoneFactory(workstream=home.workstream, title="A red one", rag=Rag.RED)
    url = f"/councils/{home.council.slug}/milestones/"
    green_then_red = main(officer.get(url + "?rag=green&rag=red"))
    red_then_green = main(officer.get(url + "?rag=red&rag=green"))
    assert "A red one" in green_then_red  # the filter reads the last value: red
    assert "A red one" not in red_then_green  # today: served green_then_red's page from the cache


def test_the_order_of_parameters_makes_no_new_entry(home, officer):
    url = f"/councils/{home.council.slug}/milestones/"
    officer.get(url + "?rag=red&progress=open")
    before = entries()
    officer.get(url + "?progress=open&rag=red")
    assert entries() == before


def test_an_invalid_value_is_shown_but_not_stored(home, officer):
    url = f"/councils/{home.council.slug}/milestones/"
    officer.get(url)
    before = entries()
    for n in range(3):
        body = main(officer.get(f"{url}?rag=bogus{n}"))
        assert "Choose a RAG status from the list" in body
    assert entries() == before
    assert "Choose a RAG status" not in main(officer.get(url))  # the valid page is not the invalid one


def test_the_national_overview_is_keyed_on_its_filters_and_sort_only(staff_client, home, foreign):
    staff_client.get("/national/?sort=-council&region=")
    before = entries()
    for query in ("sort=-council&utm=1", "utm=2&sort=-council", "sort=-council&region="):
        assert staff_client.get(f"/national/?{query}").status_code == 200
    assert entries() == before
    staff_client.get("/national/?sort=council")  # another order is another page
    assert entries() == before + 1
    staff_client.get("/national/?sort=no-such-column")  # shown, not stored
    assert entries() == before + 1


def test_codes_keep_their_order_drop_repeats_and_refuse_anything_else(rf):
    from accounts.page_cache import Params

    params = Params(rf.get("/", {"la": ["865", "857", "865"]})).codes("la")
    assert params.valid and params.key() == "la=865%2C857"
    assert not Params(rf.get("/", {"la": ["857", "<b>"]})).codes("la").valid
    assert Params(rf.get("/")).codes("la").key() == ""


def test_the_dsg_ledger_shows_a_write_at_once_and_keeps_each_roles_buttons(home, officer):
    from decimal import Decimal

    from dsg.services import dsg_line_record

    url = f"/councils/{home.council.slug}/dsg/"
    finance = member_client(home.council, Role.FINANCE)
    assert "Enter a block" in main(finance.get(url))
    assert "Enter a block" not in main(officer.get(url))
    dsg_line_record(
        council=home.council, user=None, financial_year=2024, block="schools", position="outturn",
        income=Decimal(1234567), income_basis="entered", expenditure=Decimal(1234567),
        expenditure_basis="entered", brought_forward=None, brought_forward_basis="entered", in_year=None,
    )  # fmt: skip
    assert "£1,234,567" in main(officer.get(url))
    assert "csrfmiddlewaretoken" not in main(officer.get(url))  # the cached part holds no one's token
