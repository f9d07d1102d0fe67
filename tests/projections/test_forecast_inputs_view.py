from decimal import Decimal

import pytest

from accounts.models import Role
from projections.forms import ForecastInputsForm
from projections.models import Forecast, ForecastYear
from projections.selectors import forecast_inputs
from tests.conftest import member_client
from tests.projections.conftest import (
    CAN_CHANGE,
    CANNOT_CHANGE,
    EVERYONE,
    client_as,
    computed_forecast,
    figures_forecast,
    grow,
    messages_of,
)


def refused_status(who):
    """A draft is not there for a Forum member (404, as another council's); other readers are refused."""
    return 404 if who == Role.FORUM else 403


def url(council, forecast):
    return f"/councils/{council.slug}/forecasts/{forecast.pk}/inputs/"


def post_data(forecast, **changes):
    form = ForecastInputsForm(forecast=forecast, view=forecast_inputs(forecast=forecast))
    data = {name: "" if value is None else str(value) for name, value in form.initial.items()}
    data.update(as_at="2024-06-20", first_year="2024-25", last_year="2028-29")
    data.update(changes)
    return data


def snapshot(forecast):
    f = Forecast.objects.select_related("inputs").get(pk=forecast.pk)
    years = sorted(
        ForecastYear.objects.filter(forecast=f).values_list(
            "financial_year", "scenario", "cumulative_deficit"
        )
    )
    return f.name, f.inputs.funding, f.inputs.updated_at, years


@pytest.mark.parametrize("who", CAN_CHANGE)
def test_it_saves_the_inputs_of_a_draft(home, draft, who):
    client = client_as(home.council, who)
    assert client.get(url(home.council, draft)).status_code == 200
    response = client.post(url(home.council, draft), post_data(draft, funding="7,000,000", save="1"))
    assert response.status_code == 302 and response.url == f"/councils/home-council/forecasts/{draft.pk}/"
    inputs = Forecast.objects.get(pk=draft.pk).inputs
    assert inputs.funding == Decimal("7000000") and inputs.is_stale
    assert inputs.history.first().history_user == client.user


def test_it_saves_and_runs(home, draft, editor):
    response = editor.post(
        url(home.council, draft), post_data(draft, funding="7,000,000", run="1"), follow=True
    )
    assert "Inputs saved and the forecast run: 15 figures computed." in messages_of(response)
    first = ForecastYear.objects.get(forecast=draft, financial_year=2024, scenario="unmitigated")
    assert first.funding == Decimal("7000000") and not Forecast.objects.get(pk=draft.pk).inputs.is_stale


@pytest.mark.parametrize("who", CANNOT_CHANGE)
def test_it_refuses_readers_and_changes_nothing(home, draft, who):
    client = client_as(home.council, who)
    before = snapshot(draft)
    assert client.get(url(home.council, draft)).status_code == refused_status(who)
    assert client.post(url(home.council, draft), post_data(draft, funding="1")).status_code == refused_status(
        who
    )
    assert snapshot(draft) == before


@pytest.mark.parametrize("who", EVERYONE)
def test_it_is_a_404_for_another_councils_forecast(home, foreign_forecast, who):
    client = client_as(home.council, who)
    assert client.get(url(home.council, foreign_forecast)).status_code == 404
    assert client.post(url(home.council, foreign_forecast), {}).status_code == 404


def test_it_is_a_404_for_a_published_figures_forecast(home, editor):
    assert editor.get(url(home.council, figures_forecast(home.plan))).status_code == 404


def test_it_sends_a_get_for_a_published_forecast_back_with_a_message(home, published, editor):
    response = editor.get(url(home.council, published), follow=True)
    assert response.redirect_chain[-1][0] == f"/councils/home-council/forecasts/{published.pk}/"
    assert any("is published, so it cannot be changed" in m for m in messages_of(response))


@pytest.mark.parametrize("who", CAN_CHANGE)
def test_it_refuses_a_post_to_a_published_forecast_and_changes_nothing(home, published, who):
    before = snapshot(published)
    response = client_as(home.council, who).post(
        url(home.council, published), post_data(published, funding="1")
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert (
        "is published, so it cannot be changed. Copy it to a new draft" in body
        and "Nothing was changed" in body
    )
    assert snapshot(published) == before


def test_it_explains_bad_input_naming_the_field_and_changes_nothing(home, draft, editor):
    before = snapshot(draft)
    response = editor.post(
        url(home.council, draft), post_data(draft, **{"inmss__unit_cost": "lots", "upper_adjustment": "2"})
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body
    assert "Independent non-maintained special schools: average unit cost must be an amount in pounds" in body
    assert 'href="#id_inmss__unit_cost"' in body and 'href="#id_lower_adjustment"' in body
    assert 'aria-describedby="id_inmss__unit_cost-hint id_inmss__unit_cost-error"' in body
    assert snapshot(draft) == before


def test_it_shows_the_plans_savings_in_the_mitigation_section(home, draft, editor):
    body = editor.get(url(home.council, draft)).content.decode()
    assert "The plan's workstream savings now (1 workstream with savings)" in body and "£120,000" in body


@pytest.mark.parametrize("n", [1, 10])
def test_it_costs_a_fixed_number_of_queries(with_savings, django_assert_max_num_queries, n):
    grow(with_savings.plan, n)
    forecast = computed_forecast(with_savings.plan, name="Measured")
    client = member_client(with_savings.council, Role.FINANCE)
    with django_assert_max_num_queries(
        11
    ):  # 8, the DfE's funding for the first year, s251 mapping and outturn
        assert client.get(url(with_savings.council, forecast)).status_code == 200


def test_it_saves_the_inputs_and_says_why_the_run_failed(home, editor):
    forecast = computed_forecast(home.plan, last_year=2053)
    data = post_data(
        forecast,
        last_year="2053-54",
        run="1",
        **{"inmss__places_growth": "100", "inmss__unit_cost_growth": "100"},
    )
    response = editor.post(url(home.council, forecast), data, follow=True)
    assert any("The inputs are saved, but the forecast was not run." in m for m in messages_of(response))
    inputs = Forecast.objects.get(pk=forecast.pk).inputs
    assert inputs.is_stale and ForecastYear.objects.filter(forecast=forecast).count() == 30 * 3  # the old run


def test_it_offers_the_dfes_high_needs_allocation_for_the_first_year_as_funding(home, editor):
    """Rutland (LA 857), 2023-24 (DSG allocations, July 2024): £5,655,999 before deductions, £310,000
    deducted for places the DfE funds directly: £5,345,999 after."""
    from dfe.services import release_import
    from tests.dfe.conftest import fixture_bytes
    from tests.projections.demand_world import with_wiltshire_figures

    with_wiltshire_figures(home, la_code="857")
    name = "dedicated-schools-grant_2024_07_20.ods"
    release_import(data=fixture_bytes(name), file_name=name, user=None)
    forecast = computed_forecast(home.plan, first_year=2023, last_year=2026)
    page = editor.get(url(home.council, forecast)).content.decode()
    assert "The DfE's high needs block after deductions for 2023-24: <strong>£5,345,999</strong>" in page
    assert "Use it as the first year's funding" in page
    assert 'value="5,345,999"' not in page
    filled = editor.get(url(home.council, forecast) + "?dfe=1").content.decode()
    assert 'value="5,345,999"' in filled and "starts from it" in filled
    assert forecast.inputs.funding != Decimal(5345999)  # nothing saved until finance saves the form


def test_no_offer_without_the_dfes_figure_for_the_first_year(home, editor, draft):
    assert "Use it as the first year's funding" not in editor.get(url(home.council, draft)).content.decode()


def test_it_offers_unit_costs_from_the_s251_outturn_by_provision_type(home, editor):
    """Rutland's s251 sample (made-up amounts, real columns), 2023-24, by the default mapping, over the
    forecast's places (tests.projections.conftest.assumptions): mainstream £630,000 ÷ 200 = £3,150; special
    £2,400,000 ÷ 150 = £16,000; INMSS £2,100,000 ÷ 30 = £70,000; post-16 has spend but no places."""
    from dfe.services import release_import
    from tests.dfe.conftest import fixture_bytes

    home.council.la_code = "857"
    home.council.save()
    for name in ("la_codes.csv", "s251_outturn_sample.csv"):
        release_import(data=fixture_bytes(name), file_name=name, user=None)
    forecast = computed_forecast(home.plan, first_year=2024, last_year=2027)
    page = editor.get(url(home.council, forecast)).content.decode()
    panel = page[
        page.index('id="s251-costs"') : page.index(
            "</div>", page.index("</table>", page.index('id="s251-costs"'))
        )
    ]
    assert "The DfE's s251 outturn for 2023-24" in panel
    for figure in ("£3,150", "£16,000", "£70,000", "£350,000", "no places"):
        assert figure in panel
    assert "Use these unit costs" in page and 'value="3,150"' not in page
    filled = editor.get(url(home.council, forecast) + "?s251=1").content.decode()
    assert 'value="3,150"' in filled and 'value="16,000"' in filled and 'value="70,000"' in filled
    assert "check each, then save" in filled
    assert forecast.lines.get(provision_type="mainstream_top_ups").unit_cost == Decimal(8000)  # not saved


def test_no_unit_cost_offer_without_an_s251_outturn_up_to_the_first_year(home, editor, draft):
    assert 'id="s251-costs"' not in editor.get(url(home.council, draft)).content.decode()
