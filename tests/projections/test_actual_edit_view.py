from decimal import Decimal

import pytest

from accounts.models import Role
from projections.models import Actual
from tests.conftest import member_client
from tests.factories import ActualFactory
from tests.projections.conftest import CAN_CHANGE, CANNOT_CHANGE, ROLES, client_as

DATA = {"cumulative_deficit": "1,250,000", "funding": "5,000,000", "spend": ""}


def url(world, year="2023-24"):
    return f"/councils/{world.council.slug}/actuals/{year}/"


@pytest.mark.parametrize("who", CAN_CHANGE)
def test_it_records_a_years_outturn(home, who):
    client = client_as(home.council, who)
    assert client.get(url(home)).status_code == 200
    response = client.post(url(home), DATA)
    assert response.status_code == 302 and response.url == "/councils/home-council/actuals/"
    actual = Actual.objects.get(plan=home.plan, financial_year=2023)
    assert (actual.cumulative_deficit, actual.funding, actual.spend) == (
        Decimal(1250000),
        Decimal(5000000),
        None,
    )
    assert actual.history.first().history_user == client.user


def test_it_corrects_a_recorded_year(home, editor):
    ActualFactory(plan=home.plan, financial_year=2023, cumulative_deficit=Decimal(1))
    assert 'value="1"' in editor.get(url(home)).content.decode()
    editor.post(url(home), DATA)
    assert Actual.objects.get().cumulative_deficit == Decimal(1250000)


@pytest.mark.parametrize("who", CANNOT_CHANGE)
def test_it_refuses_readers(home, who):
    client = client_as(home.council, who)
    assert client.get(url(home)).status_code == 403
    assert client.post(url(home), DATA).status_code == 403
    assert not Actual.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_it_is_a_404_for_another_council(home, foreign, role):
    assert member_client(home.council, role).post(url(foreign), DATA).status_code == 404
    assert not Actual.objects.exists()


@pytest.mark.parametrize("year", ["2023-25", "2023", "2999-00", "1980-81"])
def test_it_is_a_404_for_a_year_that_is_not_a_past_or_current_financial_year(home, editor, year):
    assert editor.post(url(home, year), DATA).status_code == 404


def test_it_names_the_bad_field_and_records_nothing(home, editor):
    response = editor.post(url(home), {"cumulative_deficit": "", "funding": "-5"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Enter cumulative deficit" in body and "High Needs Block funding must not be negative" in body
    assert not Actual.objects.exists()


def test_it_costs_a_fixed_number_of_queries(home, django_assert_max_num_queries):
    client = member_client(home.council, Role.FINANCE)
    with django_assert_max_num_queries(6):
        assert client.get(url(home)).status_code == 200


# --- the DfE's figures offered: Rutland (LA 857), DSG allocations for 2020-21 (the file of November 2021) ---


@pytest.fixture
def rutland(home):
    from tests.projections.demand_world import with_wiltshire_figures

    world = with_wiltshire_figures(home, la_code="857")  # la_codes.csv, then the world takes Rutland's code
    from dfe.services import release_import
    from tests.dfe.conftest import fixture_bytes

    for name in ("dedicated-schools-grant_2021_11_18.ods", "dedicated-schools-grant_2022_07_18.ods"):
        release_import(data=fixture_bytes(name), file_name=name, user=None)
    return world


def test_the_dfes_figures_fill_the_form_when_asked_and_are_cited(rutland, editor):
    plain = editor.get(url(rutland, "2020-21")).content.decode()
    assert "Fill in the DfE's figures" in plain
    assert 'value="3,990,363"' not in plain
    filled = editor.get(url(rutland, "2020-21") + "?dfe=1").content.decode()
    # High_needs_block, Rutland, 2020-21: £4,224,363 before deductions, £234,000 deducted: £3,990,363.
    assert 'value="3,990,363"' in filled
    assert "The form below starts from the DfE's high needs block after deductions" in filled
    assert not Actual.objects.exists()  # offering saves nothing


def test_a_saved_dfe_figure_is_marked_and_sourced_on_the_outturn_page_and_an_override_is_not(rutland, editor):
    editor.post(url(rutland, "2020-21"), {"cumulative_deficit": "0", "funding": "3,990,363", "spend": ""})
    # 2021-22: the DfE's is £4,317,001; the council's accounts say otherwise, and theirs stands unmarked.
    editor.post(url(rutland, "2021-22"), {"cumulative_deficit": "0", "funding": "4,000,000", "spend": ""})
    body = editor.get(f"/councils/{rutland.council.slug}/actuals/").content.decode()
    assert body.count("the DfE's figure</span>") == 1
    assert "2020-21, High needs block after deductions: DfE, Dedicated schools grant allocations" in body
    assert "dedicated-schools-grant_2021_11_18.ods" in body
