"""The SEND indicators fill from the DfE store (imported once by staff for every council): no file needed."""

import re
from decimal import Decimal

import pytest

from accounts.models import Role
from dfe.services import release_import
from indicators.models import Indicator, IndicatorValue, Sen2Measure
from tests.dfe.conftest import fixture_bytes
from tests.indicators.conftest import client_as


@pytest.fixture
def stockton(home):
    home.council.la_code, home.council.gss_code = "808", "E06000004"
    home.council.save()
    return home


def load(name):
    release_import(data=fixture_bytes(name), file_name=name, user=None)


def test_an_officer_fills_the_indicators_from_the_store(stockton):
    load("la_codes.csv")
    load("ehcp_2025_extract.zip")
    client = client_as(stockton.council, Role.OFFICER)
    url = "/councils/home-council/indicators/import-sen2/"
    preview = client.post(url, {"source": "store"})
    body = preview.content.decode()
    assert "The DfE figures already imported:" in body
    assert "Add Children and young people with an EHC plan, 2024: 2,080" in body
    assert not Indicator.objects.exists()
    token = re.search(r'name="token" value="([^"]+)"', body).group(1)
    response = client.post(url + "confirm/", {"token": token})
    assert response.status_code == 302
    total = Indicator.objects.get(sen2_measure=Sen2Measure.TOTAL)
    assert IndicatorValue.objects.get(indicator=total, period="2024").value == Decimal(2080)
    # The same figures again: nothing to change.
    again = client.post(url, {"source": "store"}).content.decode()
    assert "Nothing to change" in again


def test_it_says_when_nothing_has_been_imported_for_the_council(stockton):
    client = client_as(stockton.council, Role.OFFICER)
    body = client.post("/councils/home-council/indicators/import-sen2/", {"source": "store"}).content.decode()
    assert "No DfE EHC plan figures have been imported for Home Council yet" in body
    assert not Indicator.objects.exists()


def test_the_forum_cannot_fill_from_the_store(stockton):
    client = client_as(stockton.council, Role.FORUM)
    assert (
        client.post("/councils/home-council/indicators/import-sen2/", {"source": "store"}).status_code == 403
    )
