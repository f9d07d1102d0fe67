"""The council's Benchmarking page: every role of the council reads it, another council's is a 404; figures
from the real extracts, the group chosen in the URL, a fixed number of queries whatever the group's size."""

import re

import pytest

from accounts.models import Role
from dfe.services import release_import
from tests.conftest import ROLES, cache_queries, member_client
from tests.dfe.conftest import fixture_bytes
from tests.factories import CouncilFactory
from tests.reports.conftest import BENCHMARKING_FILES, import_dfe_files

URL = "/councils/stockton-on-tees/benchmarking/"


@pytest.fixture
def stockton(db):
    council = CouncilFactory(
        name="Stockton-on-Tees", slug="stockton-on-tees", la_code="808", gss_code="E06000004"
    )
    import_dfe_files(*BENCHMARKING_FILES, "dedicated-schools-grant_2024_07_20.ods")
    return council


@pytest.mark.parametrize("role", ROLES)
def test_every_role_of_the_council_reads_its_benchmarking(stockton, role):
    response = member_client(stockton, role).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 class="govuk-heading-l">Benchmarking</h1>' in html
    assert "its ten statistical neighbours" in html
    assert "Growth in EHC plans over five years" in html
    assert "57.8%" in html  # 2,442 plans in January 2025 against 1,548 in January 2020
    assert "63.7%" in html  # England: 638,745 against 390,109
    assert "None" not in html


@pytest.mark.parametrize("role", ROLES)
def test_another_councils_benchmarking_is_a_404(stockton, role):
    client = member_client(CouncilFactory(slug="elsewhere"), role)
    assert client.get(URL).status_code == 404


def test_it_compares_with_the_councils_picked_in_the_url(stockton):
    client = member_client(stockton, Role.FORUM)
    html = client.get(URL, {"group": "pick", "la": ["857", "937", "865"]}).content.decode()
    assert "councils you pick" in html
    # January 2025 five-year growth: Rutland 69.4%, Stockton 57.8%: Stockton ranks below Rutland
    assert "Rutland" in html and "Warwickshire" in html and "Wiltshire" in html
    assert "69.4%" in html
    assert 'value="857" selected' in html


def test_it_shows_a_council_that_did_not_exist_as_such(stockton):
    client = member_client(stockton, Role.OFFICER)
    html = client.get(URL, {"group": "pick", "la": ["940", "928"]}).content.decode()
    assert "Northamptonshire (did not exist)" in html


def test_it_reads_in_a_fixed_number_of_queries_whatever_the_group(stockton, django_assert_max_num_queries):
    client = member_client(stockton, Role.FORUM)
    client.get(URL)  # the session and the user warm up
    # The first view works the picture out and stores it (the stored row's read, the latest DfE release and
    # the store: 3 more); a picked group is worked out every time, never stored.
    with django_assert_max_num_queries(11):
        assert client.get(URL, {"group": "england"}).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(URL, {"group": "pick", "la": ["857"]}).status_code == 200


def test_it_reads_a_stored_picture_in_one_query_whatever_the_group(stockton, django_assert_num_queries):
    from django.core.cache import cache

    client = member_client(stockton, Role.FORUM)

    def page(group: str) -> str:  # the CSRF token (of the sign-out form) differs per response
        html = client.get(URL, {"group": group}).content.decode()
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)

    first = {group: page(group) for group in ("neighbours", "england")}
    cache.clear()  # the page fragments gone: the picture is read from its stored row
    for group in ("neighbours", "england"):
        # the session, the user, the council with the membership, the stored row; the page cache's own
        with django_assert_num_queries(3 + 1 + cache_queries()):
            again = page(group)
        assert again == first[group]
        assert "Where Stockton-on-Tees stands" in again


def test_a_cached_page_reads_nothing_and_a_dfe_import_shows_at_once(stockton, django_assert_max_num_queries):
    client = member_client(stockton, Role.FORUM)
    picked = {"group": "pick", "la": ["857"]}
    assert "69.4%" in client.get(URL, picked).content.decode()
    with django_assert_max_num_queries(5):  # session, user, council and membership, the cache
        client.get(URL, picked)
    # The DfE revises Rutland (another council): Stockton's page compares with the new figure at once.
    text = fixture_bytes("ehcp_2025/caseload.csv").decode("utf-8-sig")
    row = "E06000017,857,Rutland,All EHC plans,All EHC plans,"
    assert row + "376," in text
    release_import(
        data=text.replace(row + "376,", row + "444,").encode(), file_name="caseload.csv", user=None
    )
    assert "100.0%" in client.get(URL, picked).content.decode()  # 444 against 222 in January 2020


@pytest.mark.parametrize(
    "group, words, member",
    [
        ("region", "the other councils of the North East", None),
        ("type", "all unitary authorities", "Rutland"),
        ("england", "every council in England", "Warwickshire"),
    ],
)
def test_it_compares_with_the_region_the_type_or_england(stockton, group, words, member):
    html = member_client(stockton, Role.FORUM).get(URL, {"group": group}).content.decode()
    assert words in html
    assert f'value="{group}" checked' in html
    if member:
        assert f'<th scope="row" class="govuk-table__header">{member}</th>' in html
