"""The dashboard's panel of the DfE's latest figures; a newer import shows at once (the council's cached
dashboard is keyed by its data version, which an import bumps)."""

import pytest

from accounts.models import Role
from dfe.services import release_import
from tests.conftest import member_client
from tests.dfe.conftest import fixture_bytes


def load(name, data=None):
    release_import(data=data or fixture_bytes(name), file_name=name.split("/")[-1], user=None)


@pytest.fixture
def stockton(home):
    home.council.la_code, home.council.gss_code = "808", "E06000004"
    home.council.save()
    return home.council


def test_the_dashboard_shows_the_latest_figures_and_a_revision_at_once(stockton):
    load("la_codes.csv")
    load("ehcp_2025_extract.zip")
    load("dedicated-schools-grant_2024_07_20.ods")
    client = member_client(stockton, Role.FORUM)
    html = client.get("/councils/home-council/").content.decode()
    assert "EHC plans, January 2025</dt>" in html
    assert "2,442" in html and "(January 2024: 2,080)" in html
    assert "High needs block before academy deductions, 2023-24</dt>" in html and "£39,254,508" in html
    assert 'href="/councils/home-council/dfe/"' in html
    # The DfE revises January 2025 (a newer file): the cached dashboard shows it on the next request.
    text = fixture_bytes("ehcp_2025/caseload.csv").decode("utf-8-sig")
    row = "E06000004,808,Stockton-on-Tees,All EHC plans,All EHC plans,"
    revised = text.replace(row + "2442,", row + "2450,")
    assert revised != text
    release_import(data=revised.encode(), file_name="caseload.csv", user=None)
    assert "2,450" in client.get("/councils/home-council/").content.decode()


def test_a_council_without_figures_says_so(stockton):
    html = member_client(stockton, Role.OFFICER).get("/councils/home-council/").content.decode()
    assert "No DfE figures have been imported for Home Council yet." in html
