"""Finance see the DfE's figures for a year beside the outturn they record (not saved with it)."""

from accounts.models import Role
from dfe.services import release_import
from tests.conftest import member_client
from tests.dfe.conftest import fixture_bytes


def load(name):
    release_import(data=fixture_bytes(name), file_name=name, user=None)


def test_the_outturn_form_shows_the_dfes_figures_for_the_year_with_their_sources(home):
    home.council.la_code = "857"
    home.council.save()
    load("la_codes.csv")
    load("dedicated-schools-grant_2024_07_20.ods")
    load("s251_outturn_sample.csv")
    html = (
        member_client(home.council, Role.FINANCE)
        .get("/councils/home-council/actuals/2023-24/")
        .content.decode()
    )
    panel = html[html.index('id="dfe-year-figures"') :]
    assert "The DfE's figures for 2023-24" in panel
    assert "£5,655,999" in panel and "£310,000" in panel and "£5,345,999" in panel
    assert (
        "DfE, Dedicated schools grant allocations, July 2024 (dedicated-schools-grant_2024_07_20.ods)"
        in panel
    )
    assert "−£1,234,567" in panel  # the s251 sample's DSG carried forward
    other_year = member_client(home.council, Role.COUNCIL_ADMIN).get(
        "/councils/home-council/actuals/2021-22/"
    )
    assert 'id="dfe-year-figures"' not in other_year.content.decode()
