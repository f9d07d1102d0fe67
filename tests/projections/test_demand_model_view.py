"""The demand model's page: every role of the council reads it; another council's slug is a 404."""

from decimal import Decimal

import pytest

from accounts.models import Role
from projections.models import DemandLever
from tests.conftest import ROLES, member_client
from tests.projections.demand_world import with_wiltshire_figures


@pytest.fixture
def wiltshire(home):
    return with_wiltshire_figures(home)


def url(world):
    return f"/councils/{world.council.slug}/demand/"


@pytest.mark.parametrize("role", ROLES)
def test_every_role_of_the_council_reads_the_model(wiltshire, role):
    response = member_client(wiltshire.council, role).get(url(wiltshire))
    assert response.status_code == 200
    body = response.content.decode()
    assert "calibrated from published totals" in body
    assert "Data table: EHC plans by setting group" in body
    assert "Independent and non-maintained special schools" in body
    assert "Backtest" in body and "Naive: linear trend" in body
    assert "179" in body  # Wiltshire's 2024 net migration, shown as a flow


@pytest.mark.parametrize("role", ROLES)
def test_it_is_a_404_for_another_council(wiltshire, foreign, role):
    assert member_client(wiltshire.council, role).get(url(foreign)).status_code == 404


def test_it_asks_anonymous_visitors_to_sign_in(client, wiltshire):
    response = client.get(url(wiltshire))
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_it_shows_a_workstreams_lever(wiltshire):
    DemandLever.objects.create(
        plan=wiltshire.plan,
        workstream=wiltshire.workstream,
        scenario="target",
        kind="joiners",
        start_year=2027,
        age_from=5,
        age_to=10,
        factor=Decimal("0.9"),
    )
    body = member_client(wiltshire.council, Role.FORUM).get(url(wiltshire)).content.decode()
    assert "New plans aged 5–10 −10% from 2027-28" in body
    assert wiltshire.workstream.title in body
    assert "this lever alone" in body and " fewer" in body


def test_it_says_why_when_the_store_has_no_figures(home):
    body = member_client(home.council, Role.OFFICER).get(url(home)).content.decode()
    assert "cannot be run" in body and "no EHC plans by setting group" in body


@pytest.mark.parametrize("role", ROLES)
def test_every_role_downloads_the_witan_send_shaped_csv(wiltshire, role):
    response = member_client(wiltshire.council, role).get(url(wiltshire) + "output-setting.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().splitlines()
    assert lines[0].startswith("calendar-year,setting,mean,std-dev,iqr,min,low-95pc-bound,q1,median,q3")
    assert len(lines) == 1 + 11 * 7  # January 2025 and ten years on, seven groups
    assert lines[1].startswith("2025,mainstream,2306.0,0.0")  # the census itself, as published


def test_the_csv_is_a_404_for_another_council_and_an_unknown_shape(wiltshire, foreign):
    client = member_client(wiltshire.council, Role.OFFICER)
    assert client.get(url(foreign) + "output-setting.csv").status_code == 404
    assert client.get(url(wiltshire) + "output-ay.csv").status_code == 404
    count = client.get(url(wiltshire) + "output-count.csv").content.decode().splitlines()
    assert count[0].startswith("calendar-year,mean") and count[1].startswith("2025,6383.0")


def test_it_runs_on_the_demo_extract_with_fewer_breakdowns(home):
    """The demo imports ehcp_2025_extract.zip: no ages of new or ceased plans; the model says what it used."""
    from dfe.services import release_import
    from recovery.models import Council
    from tests.projections.demand_world import FIXTURES

    for name in ("la_codes.csv", "ehcp_2025_extract.zip"):
        release_import(data=(FIXTURES / name).read_bytes(), file_name=name, user=None)
    Council.objects.filter(la_code="857").exclude(pk=home.council.pk).delete()
    home.council.la_code = "857"  # Rutland
    home.council.save()
    response = member_client(home.council, Role.FINANCE).get(url(home))
    body = response.content.decode()
    assert response.status_code == 200 and "cannot be run" not in body
    assert "New plans&#x27; ages follow" in body or "ages are used" in body


@pytest.mark.parametrize("role", [Role.FINANCE, Role.COUNCIL_ADMIN])
def test_editors_get_the_lever_form_and_the_run_button(wiltshire, role):
    body = member_client(wiltshire.council, role).get(url(wiltshire)).content.decode()
    assert "Add a lever" in body and "Run the model into a draft forecast" in body


@pytest.mark.parametrize("role", [Role.OFFICER, Role.FORUM])
def test_readers_get_neither(wiltshire, role):
    body = member_client(wiltshire.council, role).get(url(wiltshire)).content.decode()
    assert "Add a lever" not in body and "Run the model" not in body


def test_a_repeat_view_is_served_from_the_cache_until_a_lever_changes_it(wiltshire, monkeypatch):
    from projections import demand_views

    calls = []
    real = demand_views.demand_summary
    monkeypatch.setattr(demand_views, "demand_summary", lambda **kw: calls.append(1) or real(**kw))
    client = member_client(wiltshire.council, Role.FORUM)
    client.get(url(wiltshire))
    client.get(url(wiltshire))
    assert len(calls) == 1
    DemandLever.objects.create(
        plan=wiltshire.plan,
        workstream=wiltshire.workstream,
        scenario="target",
        kind="joiners",
        start_year=2027,
        factor=Decimal("0.8"),
    )
    body = client.get(url(wiltshire)).content.decode()
    assert len(calls) == 2 and "New plans −20% from 2027-28" in body


def test_the_page_says_why_levers_are_not_priced(wiltshire):
    DemandLever.objects.create(
        plan=wiltshire.plan,
        workstream=wiltshire.workstream,
        scenario="target",
        kind="joiners",
        start_year=2027,
        factor=Decimal("0.8"),
    )
    body = member_client(wiltshire.council, Role.FORUM).get(url(wiltshire)).content.decode()
    assert "The levers are counted in children, not priced. The demand model prices" in body
    assert "has no computed forecast" in body


def test_it_says_joiners_are_a_count_without_population_figures(wiltshire):
    body = member_client(wiltshire.council, Role.FINANCE).get(url(wiltshire)).content.decode()
    assert "Joiners as a count: no population figures for this council." in body


def test_with_the_councils_population_joiners_are_a_rate_per_head_of_each_age(home):
    world = with_wiltshire_figures(home, population=True)
    body = member_client(world.council, Role.OFFICER).get(url(world)).content.decode()
    assert "Joiners as a rate of the population of each age" in body
    assert "per 10,000 people aged 0–25 (population of 2022, 2023, 2024; ONS population 2022–2047)" in body
    assert "no population figures" not in body


def test_the_flows_show_ceased_plans_by_reason_with_the_shares_and_their_source(wiltshire):
    from projections.demand import REASON_KEYS
    from projections.demand_services import demand_calibration

    fit = demand_calibration(council=wiltshire.council)
    needs_met = fit.reasons_overall[REASON_KEYS.index("needs_met")]
    body = member_client(wiltshire.council, Role.FORUM).get(url(wiltshire)).content.decode()
    assert "Ceased plans by reason" in body
    assert "the DfE's ceased EHC plans by reason (SEN2, calendar years 2022, 2023, 2024)" in body
    assert "Needs were met" in body and f"{needs_met * 100:.1f}%" in body
    assert 'aria-label="Ceased plans by reason (scrolls sideways on small screens)"' in body
    assert "None" not in body.split("Ceased plans by reason")[1].split("Levers")[0]


def test_it_shows_a_lever_on_one_reason_in_words_with_its_effect(wiltshire):
    DemandLever.objects.create(
        plan=wiltshire.plan,
        workstream=wiltshire.workstream,
        scenario="target",
        kind="leavers",
        start_year=2027,
        factor=Decimal("1.2"),
        reason="needs_met",
    )
    body = member_client(wiltshire.council, Role.FORUM).get(url(wiltshire)).content.decode()
    assert "Ceased plans because needs were met +20% from 2027-28" in body
    assert "this lever alone" in body and " fewer" in body


@pytest.mark.parametrize("role", ROLES)
def test_every_role_sees_ceased_plans_by_last_setting_with_the_shares_and_their_source(wiltshire, role):
    from projections.demand_services import demand_calibration

    settings = demand_calibration(council=wiltshire.council).settings
    post16 = next(r for r in settings.rows() if r["key"] == "post16")
    body = member_client(wiltshire.council, role).get(url(wiltshire)).content.decode()
    assert "Ceased plans by last setting" in body
    assert "ceased EHC plans by type of placement (SEN2, calendar years 2023, 2024" in body
    assert 'aria-label="Ceased plans by last setting (scrolls sideways on small screens)"' in body
    table = body.split('id="ceased-settings"')[1].split("Levers")[0]
    assert "<caption" in table and "Post-16 and further education" in table
    # Wiltshire's own share: 213 of the 677 plans ceased in 2023–2024 were last in post-16 and FE.
    assert f"{213 / 677 * 100:.1f}%" in table
    assert f"{post16['used'] * 100:.1f}%" in table and f"×{post16['multiplier']:.2f}" in table
    assert "None" not in table and "nan" not in table


def test_without_the_councils_own_rows_the_page_shows_the_regions_shares_and_blanks(wiltshire):
    from dfe.models import Figure

    Figure.objects.filter(area__la_code="865", series="ehcp_ceased_setting").delete()
    body = member_client(wiltshire.council, Role.FINANCE).get(url(wiltshire)).content.decode()
    table = body.split('id="ceased-settings"')[1].split("Levers")[0]
    assert "none for" in table and "the shares of the councils of the region" in table
    assert "the leavers&#x27; settings follow the councils of the region" in body
    assert "None" not in table


def test_the_table_by_last_setting_costs_no_query(wiltshire, django_assert_num_queries):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from dfe.models import Figure

    client = member_client(wiltshire.council, Role.FORUM)
    client.get(url(wiltshire))  # sessions, memberships: warm the client, then count a page built afresh
    cache.clear()
    with CaptureQueriesContext(connection) as with_rows:
        assert "Ceased plans by last setting" in client.get(url(wiltshire)).content.decode()
    Figure.objects.filter(series="ehcp_ceased_setting").delete()
    cache.clear()
    with django_assert_num_queries(len(with_rows)):
        assert "Ceased plans by last setting" not in client.get(url(wiltshire)).content.decode()
