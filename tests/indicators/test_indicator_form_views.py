"""Adding and changing an indicator: officers, finance, council admins and staff; the Forum cannot."""

import html

import pytest
from django.test import Client

from indicators.models import Indicator
from tests.conftest import member_client
from tests.indicators.conftest import EDITORS, READERS, ROLES, client_as

DATA = {
    "name": "Permanent exclusions",
    "workstream": "",
    "unit": "count",
    "direction": "lower",
    "period_type": "academic_year",
    "baseline_period": "2018/19",
    "baseline_value": "9",
    "source": "Inclusion team",
    "notes": "",
}


def create_url(world):
    return f"/councils/{world.council.slug}/indicators/new/"


def edit_url(world, indicator):
    return f"/councils/{world.council.slug}/indicators/{indicator.pk}/edit/"


@pytest.mark.parametrize("who", EDITORS)
def test_editors_add_an_indicator_recorded_under_their_name(home, who):
    client = client_as(home.council, who)
    assert client.get(create_url(home)).status_code == 200
    response = client.post(create_url(home), {**DATA, "workstream": home.workstream.pk})
    indicator = Indicator.objects.get()
    assert (
        response.status_code == 302 and response.url == f"/councils/home-council/indicators/{indicator.pk}/"
    )
    assert (indicator.baseline_period, indicator.workstream, indicator.direction) == (
        "2018/19",
        home.workstream,
        "lower",
    )
    assert indicator.history.get().history_user == client.user


@pytest.mark.parametrize("who", READERS)
def test_the_forum_cannot_add_or_change(home, indicator, who):
    client = client_as(home.council, who)
    assert client.get(create_url(home)).status_code == 403
    assert client.post(create_url(home), DATA).status_code == 403
    assert client.post(edit_url(home, indicator), DATA).status_code == 403
    assert Indicator.objects.get().name == "EHC plans in mainstream schools"


def test_anonymous_is_sent_to_sign_in(home, indicator):
    assert Client().post(create_url(home), DATA).status_code == 302
    assert Client().post(edit_url(home, indicator), DATA).status_code == 302
    assert Indicator.objects.count() == 1


@pytest.mark.parametrize("role", ROLES)
def test_another_councils_indicator_is_a_404(home, foreign, role):
    from tests.indicators.conftest import make_indicator

    theirs = make_indicator(foreign.plan)
    client = member_client(home.council, role)
    assert client.post(edit_url(home, theirs), DATA).status_code == 404
    assert client.post(create_url(foreign), DATA).status_code == 404
    assert Indicator.objects.get().name == "EHC plans in mainstream schools"


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"name": ""}, "Enter name"),
        (
            {"baseline_period": "2018"},
            "Baseline period: “2018” is not an academic year: write it like 2023/24",
        ),
        ({"baseline_value": "nine"}, "Baseline value must be a number, like 2,048 or 63.2"),
        ({"unit": "percent", "baseline_value": "140"}, "Baseline value must be between 0% and 100%"),
        ({"workstream": "999999"}, "Choose one of this plan's workstreams"),
        ({"direction": ""}, "Choose which direction is good"),
    ],
)
def test_bad_input_names_the_field_and_changes_nothing(home, changes, message):
    response = client_as(home.council, "officer").post(create_url(home), {**DATA, **changes})
    assert response.status_code == 200 and message in html.unescape(response.content.decode())
    assert 'class="govuk-error-summary' in response.content.decode()
    assert not Indicator.objects.exists()


def test_another_plans_workstream_cannot_be_chosen(home, foreign):
    response = client_as(home.council, "officer").post(
        create_url(home), {**DATA, "workstream": foreign.workstream.pk}
    )
    assert "Choose one of this plan's workstreams" in html.unescape(response.content.decode())
    assert not Indicator.objects.exists()


def test_an_editor_changes_an_indicator(home, indicator):
    client = client_as(home.council, "finance")
    assert 'value="EHC plans in mainstream schools"' in client.get(edit_url(home, indicator)).content.decode()
    response = client.post(
        edit_url(home, indicator), {**DATA, "period_type": "calendar_year", "baseline_period": "2019"}
    )
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert (indicator.name, indicator.unit) == ("Permanent exclusions", "count")


def test_it_refuses_to_change_the_period_type_of_an_indicator_with_values(home, indicator):
    response = client_as(home.council, "officer").post(edit_url(home, indicator), DATA)
    assert "its period type cannot change" in response.content.decode()
    indicator.refresh_from_db()
    assert indicator.period_type == "calendar_year"


def test_the_form_costs_a_fixed_number_of_queries(home, indicator, django_assert_max_num_queries):
    client = client_as(home.council, "officer")
    with django_assert_max_num_queries(8):
        assert client.get(edit_url(home, indicator)).status_code == 200
