"""The s251 mapping page: every role reads it, finance and admins change it, another council's is a 404."""

import pytest

from accounts.models import Role
from dfe.services import release_import
from projections.models import S251Mapping
from projections.s251_mapping import DEFAULT_MAPPING
from tests.conftest import member_client
from tests.dfe.conftest import fixture_bytes
from tests.projections.conftest import CAN_CHANGE, CANNOT_CHANGE, EVERYONE, ROLES, client_as


def url(world):
    return f"/councils/{world.council.slug}/actuals/s251-mapping/"


@pytest.fixture
def rutland_s251(home):
    """The home council as Rutland (857), with the s251 sample imported."""
    home.council.la_code = "857"
    home.council.save()
    for name in ("la_codes.csv", "s251_outturn_sample.csv"):
        release_import(data=fixture_bytes(name), file_name=name, user=None)
    return home


@pytest.mark.parametrize("who", EVERYONE)
def test_it_shows_every_role_the_split_and_the_mapping(rutland_s251, who):
    response = client_as(rutland_s251.council, who).get(url(rutland_s251))
    assert response.status_code == 200
    body = response.content.decode()
    table = body[body.index('id="s251-split"') : body.index("</table>", body.index('id="s251-split"'))]
    assert "2023-24" in table
    for amount in ("£630,000", "£2,400,000", "£2,100,000", "£350,000", "£95,000", "£60,000", "£5,635,000"):
        assert amount in table
    assert "LA and school expenditure (section 251)" in body  # the source, in words
    assert "The tracker's default" in body


@pytest.mark.parametrize("who", CAN_CHANGE)
def test_finance_and_admins_save_a_new_version(rutland_s251, who):
    client = client_as(rutland_s251.council, who)
    assert "Save a new version" in client.get(url(rutland_s251)).content.decode()
    data = {
        **DEFAULT_MAPPING,
        "top_ups": "mainstream_top_ups",
        "note": "Top-ups all mainstream, as our ledger",
    }
    response = client.post(url(rutland_s251), data, follow=True)
    body = response.content.decode()
    assert "Mapping version 1 saved and in use." in body
    table = body[body.index('id="s251-split"') : body.index("</table>", body.index('id="s251-split"'))]
    assert "£2,180,000" in table  # mainstream top-ups: every top-up line, whatever its phase
    assert "£1,200,000" in table  # special schools: place funding alone now
    assert "Version 1, saved by" in body
    saved = S251Mapping.objects.get()
    assert saved.assignments["top_ups"] == "mainstream_top_ups" and saved.note.startswith("Top-ups")


@pytest.mark.parametrize("who", CAN_CHANGE)
def test_a_bad_choice_is_refused_on_its_field_and_nothing_is_saved(rutland_s251, who):
    data = {**DEFAULT_MAPPING, "hospital": "banana"}
    response = client_as(rutland_s251.council, who).post(url(rutland_s251), data)
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not S251Mapping.objects.exists()


@pytest.mark.parametrize("who", CANNOT_CHANGE)
def test_readers_get_no_form_and_cannot_post(rutland_s251, who):
    client = client_as(rutland_s251.council, who)
    assert "Save a new version" not in client.get(url(rutland_s251)).content.decode()
    assert client.post(url(rutland_s251), dict(DEFAULT_MAPPING)).status_code == 403
    assert not S251Mapping.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_it_is_a_404_for_another_council(home, foreign, role):
    client = member_client(home.council, role)
    assert client.get(url(foreign)).status_code == 404
    assert client.post(url(foreign), dict(DEFAULT_MAPPING)).status_code == 404


def test_it_costs_a_fixed_number_of_queries(rutland_s251, django_assert_num_queries):
    client = member_client(rutland_s251.council, Role.FINANCE)
    client.get(url(rutland_s251))
    with django_assert_num_queries(6):  # session, user, council access, mapping, versions, figures
        assert client.get(url(rutland_s251)).status_code == 200


def test_the_actuals_page_shows_the_split_with_a_link_to_the_mapping(rutland_s251):
    body = (
        member_client(rutland_s251.council, Role.FINANCE)
        .get("/councils/home-council/actuals/")
        .content.decode()
    )
    section = body[body.index('id="s251"') :]
    assert "£2,400,000" in section and "by the tracker's default mapping" in section
    assert 'href="/councils/home-council/actuals/s251-mapping/">See or change the mapping' in section
