"""The chart pages at a desktop (1280 px) and a phone (390 px) width: every chart draws, the page body never
scrolls sideways, and axe finds nothing. Plus the upper/lower bound switch of a forecast with bounds."""

from datetime import date

import pytest

from tests.browser.conftest import assert_accessible, screenshot

WIDTHS = [1280, 390]


@pytest.fixture
def published_report(demo):
    from django.contrib.auth import get_user_model

    from recovery.models import RecoveryPlan
    from reports import services

    plan = RecoveryPlan.objects.get(council__slug="rutland", status="active")
    author = get_user_model().objects.get(username="rutland-admin")
    report = services.report_create(
        plan=plan, user=author, meeting_date=date(2026, 12, 10), title="DSG Recovery Plan update"
    )
    return services.report_publish(report=report, user=author)


def forecast_url(slug: str) -> str:
    from projections.models import Forecast

    forecast = Forecast.objects.get(plan__council__slug=slug, is_current=True)
    return f"/councils/{slug}/forecasts/{forecast.pk}/"


def check_page(page, url: str, width: int, name: str) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(url)
    charts = page.locator(".app-chart[data-figure]")
    assert charts.count() >= 1
    for i in range(charts.count()):
        page.wait_for_function("el => el.dataset.rendered === 'true'", arg=charts.nth(i).element_handle())
    sideways = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert sideways <= 0, f"{url} at {width}px scrolls sideways by {sideways}px"
    narrow = charts.first.get_attribute("data-narrow")
    assert narrow == ("true" if width < 640 else "false")  # the phone gets the chart's narrow variant
    assert_accessible(page)
    screenshot(page, f"{name}-{width}")


@pytest.mark.parametrize("width", WIDTHS)
def test_it_fits_the_dashboards_at(width, demo, live_server, page, sign_in, console_errors):
    sign_in("admin")
    for slug in ("rutland", "warwickshire"):
        check_page(page, f"{live_server.url}/councils/{slug}/", width, f"{slug}-dashboard")
    assert console_errors == []


@pytest.mark.parametrize("width", WIDTHS)
def test_it_fits_the_forecast_pages_at(width, demo, live_server, page, sign_in, console_errors):
    sign_in("admin")
    for slug in ("rutland", "warwickshire"):
        check_page(page, live_server.url + forecast_url(slug), width, f"{slug}-forecast")
    assert console_errors == []


@pytest.mark.parametrize("width", WIDTHS)
def test_it_fits_the_forum_report_at(width, published_report, live_server, page, sign_in, console_errors):
    sign_in("rutland-forum")
    url = f"{live_server.url}/councils/rutland/reports/{published_report.pk}/"
    check_page(page, url, width, "rutland-forum-report")
    assert console_errors == []


def test_it_shows_one_bound_at_a_time(demo, live_server, page, sign_in, console_errors):
    sign_in("warwickshire-forum")
    page.goto(f"{live_server.url}/councils/warwickshire/")
    chart = page.locator("#chart-deficit-plot")
    page.wait_for_function("el => el.dataset.rendered === 'true'", arg=chart.element_handle())

    def visible_names():
        return chart.evaluate("el => el.data.filter(t => t.visible !== false).map(t => t.name)")

    assert len(visible_names()) == 6
    page.get_by_label("Upper bound only").check()
    page.wait_for_function("el => el.data.some(t => t.visible === false)", arg=chart.element_handle())
    assert visible_names() == [
        "Upper bound unmitigated",
        "Upper bound target mitigated",
        "Upper bound stretch mitigated",
    ]
    page.get_by_label("Lower bound only").check()
    page.wait_for_function("el => el.data[0].visible === false", arg=chart.element_handle())
    assert all(name.startswith("Lower bound") for name in visible_names())
    page.get_by_label("Both bounds").check()
    page.wait_for_function("el => el.data.every(t => t.visible !== false)", arg=chart.element_handle())
    assert_accessible(page)
    assert console_errors == []
