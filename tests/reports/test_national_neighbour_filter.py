"""The national overview filters by a council's statistical-neighbour group (the council and its ten
neighbours, from the DfE's list), kept in the URL."""

from dfe.services import release_import
from tests.dfe.conftest import fixture_bytes
from tests.factories import CouncilFactory


def test_staff_filter_the_overview_to_a_councils_neighbour_group(staff_client, db):
    release_import(data=fixture_bytes("la_codes.csv"), file_name="la_codes.csv", user=None)
    release_import(data=fixture_bytes("sn_may_2025.xlsx"), file_name="sn_may_2025.xlsx", user=None)
    # Rutland's first neighbours in the DfE's list are Wiltshire and North Yorkshire; Stockton is not one.
    html = staff_client.get("/national/", {"neighbours_of": "rutland"}).content.decode()
    assert "Rutland and its neighbours" in html
    table = html[html.index('id="results"') :]
    assert "11 councils match these filters" in table
    assert 'href="/councils/rutland/"' in table and 'href="/councils/wiltshire/"' in table
    assert 'href="/councils/north-yorkshire/"' in table
    assert 'href="/councils/stockton-on-tees/"' not in table


def test_an_unknown_group_in_the_url_filters_nothing(staff_client, db):
    CouncilFactory(slug="somewhere")
    html = staff_client.get("/national/", {"neighbours_of": "nowhere"}).content.decode()
    assert "match these filters" not in html
