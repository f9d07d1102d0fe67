"""Setting targets and recording values: editors only; every message names its field."""

from decimal import Decimal

import pytest
from django.test import Client

from indicators.models import IndicatorValue, Target
from tests.conftest import member_client
from tests.indicators.conftest import EDITORS, READERS, ROLES, client_as, make_indicator


def target_url(world, indicator):
    return f"/councils/{world.council.slug}/indicators/{indicator.pk}/targets/new/"


def value_url(world, indicator):
    return f"/councils/{world.council.slug}/indicators/{indicator.pk}/values/new/"


def value_edit_url(world, value):
    return f"/councils/{world.council.slug}/indicators/values/{value.pk}/edit/"


def target_delete_url(world, target):
    return f"/councils/{world.council.slug}/indicators/targets/{target.pk}/delete/"


TARGET = {"period": "2024", "value": "47", "amber_tolerance": "1", "red_tolerance": "3"}
VALUE = {
    "period": "2024",
    "kind": "actual",
    "availability": "value",
    "value": "46.5%",
    "note": "January census",
}


@pytest.mark.parametrize("who", EDITORS)
def test_editors_set_a_target_and_record_a_value(home, indicator, who):
    client = client_as(home.council, who)
    assert client.get(target_url(home, indicator)).status_code == 200
    assert client.post(target_url(home, indicator), TARGET).status_code == 302
    assert client.get(value_url(home, indicator)).status_code == 200
    assert client.post(value_url(home, indicator), VALUE).status_code == 302
    value = IndicatorValue.objects.get(period="2024")
    assert (value.value, value.note, value.recorded_by) == (Decimal("46.5"), "January census", client.user)
    assert Target.objects.get(period="2024").history.get().history_user == client.user
    body = client.get(f"/councils/home-council/indicators/{indicator.pk}/").content.decode()
    assert "46.5%" in body and ">Green</strong>" in body  # 0.5 short of 47: within the amber tolerance of 1


@pytest.mark.parametrize("who", READERS)
def test_the_forum_cannot_set_targets_or_values(home, indicator, who):
    client = client_as(home.council, who)
    value = indicator.values.first()
    target = indicator.targets.first()
    assert client.post(target_url(home, indicator), TARGET).status_code == 403
    assert client.post(value_url(home, indicator), VALUE).status_code == 403
    assert client.post(value_edit_url(home, value), VALUE).status_code == 403
    assert client.post(target_delete_url(home, target), {}).status_code == 403
    assert Target.objects.count() == 1 and IndicatorValue.objects.count() == 2


def test_anonymous_is_sent_to_sign_in(home, indicator):
    assert Client().post(value_url(home, indicator), VALUE).status_code == 302
    assert IndicatorValue.objects.count() == 2


@pytest.mark.parametrize("role", ROLES)
def test_another_councils_ids_are_a_404(home, foreign, role):
    theirs = make_indicator(foreign.plan, values=[("2023", "1")], targets=[("2023", "2", "0", "0")])
    client = member_client(home.council, role)
    for url in (
        target_url(home, theirs),
        value_url(home, theirs),
        value_edit_url(home, theirs.values.get()),
        target_delete_url(home, theirs.targets.get()),
    ):
        assert client.post(url, {**TARGET, **VALUE}).status_code == 404, url
    assert theirs.values.get().value == Decimal(1) and theirs.targets.count() == 1


@pytest.mark.parametrize(
    "data, message",
    [
        ({**VALUE, "period": "2024/25"}, "Period: “2024/25” is not a calendar year: write it like 2024"),
        ({**VALUE, "value": "101"}, "Value must be between 0% and 100%"),
        ({**VALUE, "value": ""}, "Enter the value, or say it is not available"),
        ({**VALUE, "value": "lots"}, "Value must be a number, like 2,048 or 63.2"),
        ({**VALUE, "period": ""}, "Enter the period, like 2024"),
    ],
)
def test_a_bad_value_names_its_field_and_records_nothing(home, indicator, data, message):
    response = client_as(home.council, "officer").post(value_url(home, indicator), data)
    assert response.status_code == 200 and message in response.content.decode()
    assert IndicatorValue.objects.count() == 2


@pytest.mark.parametrize(
    "data, message",
    [
        ({**TARGET, "red_tolerance": "0.5"}, "Red tolerance must not be less than the amber tolerance"),
        ({**TARGET, "value": "150"}, "Target must be between 0% and 100%"),
        ({**TARGET, "amber_tolerance": "-1"}, "Amber tolerance must not be negative"),
        ({**TARGET, "period": "Autumn 2024"}, "is not a calendar year"),
    ],
)
def test_a_bad_target_names_its_field_and_sets_nothing(home, indicator, data, message):
    response = client_as(home.council, "officer").post(target_url(home, indicator), data)
    assert response.status_code == 200 and message in response.content.decode()
    assert Target.objects.count() == 1


def test_a_value_not_available_is_recorded_without_a_figure(home, indicator):
    client_as(home.council, "officer").post(
        value_url(home, indicator), {**VALUE, "availability": "not_available"}
    )
    assert IndicatorValue.objects.get(period="2024").value is None


def test_an_editor_corrects_a_value_from_its_own_page(home, indicator):
    value = indicator.values.get(period="2023")
    client = client_as(home.council, "finance")
    assert 'value="44"' in client.get(value_edit_url(home, value)).content.decode()
    assert (
        client.post(value_edit_url(home, value), {**VALUE, "period": "2023", "value": "43"}).status_code
        == 302
    )
    value.refresh_from_db()
    assert value.value == Decimal(43) and value.history.count() == 2


def test_an_editor_removes_a_target(home, indicator):
    response = client_as(home.council, "officer").post(target_delete_url(home, indicator.targets.get()), {})
    assert response.status_code == 302 and not Target.objects.exists()


def test_the_pages_cost_a_fixed_number_of_queries(home, indicator, django_assert_max_num_queries):
    client = client_as(home.council, "officer")
    for url in (
        target_url(home, indicator),
        value_url(home, indicator),
        value_edit_url(home, indicator.values.first()),
    ):
        with django_assert_max_num_queries(8):
            assert client.get(url).status_code == 200
