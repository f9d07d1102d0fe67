from decimal import Decimal

import pytest

from accounts.models import Role
from projections.models import ForecastYear
from tests.conftest import member_client
from tests.projections.conftest import CAN_CHANGE, CANNOT_CHANGE, EVERYONE, client_as, figures_forecast


def refused_status(who):
    """A draft is not there for a Forum member (404, as another council's); other readers are refused."""
    return 404 if who == Role.FORUM else 403


def url(council, forecast):
    return f"/councils/{council.slug}/forecasts/{forecast.pk}/figures/"


def stored(forecast):
    return dict(
        ((f.financial_year, f.scenario, f.bound), f.cumulative_deficit)
        for f in ForecastYear.objects.filter(forecast=forecast)
    )


@pytest.fixture
def figures_draft(home):
    return figures_forecast(home.plan, bounds=False)


@pytest.mark.parametrize("who", CAN_CHANGE)
def test_it_saves_the_grid(home, figures_draft, who):
    client = client_as(home.council, who)
    page = client.get(url(home.council, figures_draft))
    assert page.status_code == 200 and 'value="16,000,000"' in page.content.decode()
    response = client.post(
        url(home.council, figures_draft),
        {"figure_2022_unmitigated_single": "17,000,000", "figure_2024_target_single": "-250000"},
    )
    assert response.status_code == 302
    figures = stored(figures_draft)
    assert figures[(2022, "unmitigated", "single")] == Decimal("17000000")
    assert figures[(2024, "target", "single")] == Decimal("-250000")
    assert len(figures) == 2  # blank cells are no figure


@pytest.mark.parametrize("who", CANNOT_CHANGE)
def test_it_refuses_readers(home, figures_draft, who):
    client = client_as(home.council, who)
    assert client.get(url(home.council, figures_draft)).status_code == refused_status(who)
    assert client.post(url(home.council, figures_draft), {}).status_code == refused_status(who)
    assert len(stored(figures_draft)) == 9


@pytest.mark.parametrize("who", EVERYONE)
def test_it_is_a_404_for_another_councils_forecast(home, foreign, who):
    theirs = figures_forecast(foreign.plan)
    assert client_as(home.council, who).post(url(home.council, theirs), {}).status_code == 404
    assert len(stored(theirs)) == 18


def test_it_is_a_404_for_a_computed_forecast(home, draft, editor):
    assert editor.get(url(home.council, draft)).status_code == 404


def test_it_refuses_to_change_published_figures(home, editor):
    forecast = figures_forecast(home.plan, publish=True)
    response = editor.post(url(home.council, forecast), {"figure_2022_target_upper": "1"})
    assert response.status_code == 409 and "is published" in response.content.decode()
    assert stored(forecast)[(2022, "target", "upper")] == Decimal("16000000")


def test_it_names_the_bad_cell_and_changes_nothing(home, figures_draft, editor):
    response = editor.post(url(home.council, figures_draft), {"figure_2023_stretch_single": "£20m"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "2023-24 stretch mitigated cumulative deficit must be an amount in pounds" in body
    assert 'href="#id_figure_2023_stretch_single"' in body
    assert len(stored(figures_draft)) == 9


def test_it_costs_a_fixed_number_of_queries(home, django_assert_max_num_queries):
    forecast = figures_forecast(home.plan, bounds=True)
    client = member_client(home.council, Role.FINANCE)
    with django_assert_max_num_queries(7):
        assert client.get(url(home.council, forecast)).status_code == 200


def test_it_takes_and_shows_figures_in_millions_as_the_paper_gives_them(home):
    from projections.models import FiguresUnit

    forecast = figures_forecast(home.plan, bounds=False)
    forecast.figures_unit = FiguresUnit.MILLIONS
    forecast.save()
    client = client_as(home.council, Role.FINANCE)
    page = client.get(url(home.council, forecast)).content.decode()
    assert 'value="16"' in page and "£ millions" in page
    response = client.post(url(home.council, forecast), {"figure_2022_unmitigated_single": "16.5"})
    assert response.status_code == 302
    assert stored(forecast)[(2022, "unmitigated", "single")] == Decimal(16_500_000)
    detail = client.get(f"/councils/{home.council.slug}/forecasts/{forecast.pk}/").content.decode()
    assert "£16.5m" in detail and "£16,500,000" not in detail
    bad = client.post(url(home.council, forecast), {"figure_2022_unmitigated_single": "16,5,0"})
    assert "must be an amount in £ millions, like 16.5" in bad.content.decode()
    assert stored(forecast)[(2022, "unmitigated", "single")] == Decimal(16_500_000)
